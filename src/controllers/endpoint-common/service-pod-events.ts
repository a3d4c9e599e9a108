// The event wiring the Endpoints and EndpointSlice controllers share: which service keys a Service
// or Pod change must requeue, and the trigger time each change stamps on them. Pod updates that
// change neither labels nor anything an endpoint shows (podEndpointState) requeue nothing.
import { objectKey } from '../../apis/object.js';
import type { Informer } from '../../client/types.js';
import type { WorkQueue } from '../../client/workqueue.js';
import { podEndpointState, type PodObject, type ServiceObject } from './pod-endpoint.js';
import { serviceKeysForPod, type newServiceIndex } from './label-index.js';
import { podTriggerTime, type TriggerTimeTracker } from './trigger-time.js';

export interface ServicePodWiring {
  services: Informer<ServiceObject>;
  pods: Informer<PodObject>;
  serviceIndex: ReturnType<typeof newServiceIndex>;
  triggers: TriggerTimeTracker;
  queue: WorkQueue;
}

export function enqueueServicesOnChange(w: ServicePodWiring): void {
  const podChanged = (p: PodObject, keys: Iterable<string>) => {
    const at = podTriggerTime(p);
    for (const k of keys) {
      w.triggers.record(k, at);
      w.queue.add(k);
    }
  };
  w.services.addEventHandler({
    add: (s) => {
      w.triggers.record(objectKey(s), Date.parse(s.metadata.creationTimestamp ?? '') || Date.now());
      w.queue.add(objectKey(s));
    },
    update: (_o, s) => w.queue.add(objectKey(s)),
    delete: (s) => w.queue.add(objectKey(s)),
  });
  w.pods.addEventHandler({
    add: (p) => podChanged(p, serviceKeysForPod(w.serviceIndex, p)),
    update: (o, p) => {
      if (o.metadata.resourceVersion === p.metadata.resourceVersion) return;
      const relabelled = JSON.stringify(o.metadata.labels ?? {}) !== JSON.stringify(p.metadata.labels ?? {});
      if (!relabelled && podEndpointState(o) === podEndpointState(p)) return;
      const keys = new Set(serviceKeysForPod(w.serviceIndex, p));
      if (relabelled) for (const k of serviceKeysForPod(w.serviceIndex, o)) keys.add(k);
      podChanged(p, keys);
    },
    delete: (p) => podChanged(p, serviceKeysForPod(w.serviceIndex, p)),
  });
}
