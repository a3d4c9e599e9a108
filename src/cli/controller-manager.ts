// The controllers `svcnet server` runs (kube-controller-manager + scheduler), each a client of the
// API through one shared informer factory, exactly as they would run against a remote server.
import type { ClientConfig } from '../client/types.js';
import { newClient } from '../client/rest-client.js';
import { SharedInformerFactory } from '../client/informer-factory.js';
import { EventRecorder } from '../client/events.js';
import type { Controller, ControllerContext, ClusterSettings } from '../controllers/context.js';
import { EndpointsController } from '../controllers/endpoints/controller.js';
import { EndpointSliceController } from '../controllers/endpointslice/controller.js';
import { EndpointSliceMirroringController } from '../controllers/endpointslicemirroring/controller.js';
import { ReplicaSetController } from '../controllers/replicaset/controller.js';
import { DeploymentController } from '../controllers/deployment/controller.js';
import { StatefulSetController } from '../controllers/statefulset/controller.js';
import { GarbageCollectorController } from '../controllers/gc/controller.js';
import { SchedulerController } from '../controllers/scheduler/controller.js';
import { NodeLifecycleController } from '../controllers/nodelifecycle/controller.js';
import { NodeIpamController } from '../controllers/nodeipam/controller.js';
import { LBIPAMController } from '../controllers/lbipam/controller.js';
import { componentLogger } from '../lib/logger.js';

export interface RunningControllers { stop(): Promise<void> }

export async function startControllers(clientConfig: ClientConfig, settings: ClusterSettings): Promise<RunningControllers> {
  const client = newClient({ ...clientConfig, userAgent: 'kube-controller-manager' });
  const informers = new SharedInformerFactory(client);
  const log = componentLogger('controllers');
  const ctx: ControllerContext = {
    client, informers, log, settings,
    recorder: (component) => new EventRecorder(client, component),
  };
  // Controllers add their indexers in their constructors: build them all before informers start.
  const controllers: Controller[] = [
    new EndpointsController(ctx),
    new EndpointSliceController(ctx),
    new EndpointSliceMirroringController(ctx),
    new ReplicaSetController(ctx),
    new DeploymentController(ctx),
    new StatefulSetController(ctx),
    new GarbageCollectorController(ctx),
    new SchedulerController(ctx),
    new NodeLifecycleController(ctx),
    new NodeIpamController(ctx),
    new LBIPAMController(ctx),
  ];
  informers.start();
  const runs = controllers.map((c) => c.run().catch((err) => log.error({ err }, 'controller stopped with an error')));
  return {
    async stop() {
      for (const c of controllers) c.stop();
      informers.stop();
      await Promise.race([Promise.all(runs), new Promise((r) => setTimeout(r, 2000))]);
      client.close();
    },
  };
}
