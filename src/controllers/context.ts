// What every controller gets from the controller manager (src/cli wires it): a client and shared
// informers over the API, an event recorder, a logger and the cluster settings it may need.
// Controllers never import each other, the API server, the registry or storage.
import type { Client } from '../client/types.js';
import type { SharedInformerFactory } from '../client/informer-factory.js';
import type { EventRecorder } from '../client/events.js';
import type { Logger } from '../lib/logger.js';

export interface ClusterSettings {
  /** e.g. '10.244.0.0/16': node IPAM hands out one /24 per node. */
  podCIDR: string;
  /** How long a node may go without renewing its Lease before it is NotReady (kube: 40 s). */
  nodeMonitorGracePeriodMs: number;
  /** Endpoints per EndpointSlice (kube: 100). */
  maxEndpointsPerSlice: number;
  /** LoadBalancer address pool (--lb-pool): CIDRs or 'first-last' ranges; empty = none (EXTERNAL-IP stays <pending>). */
  lbPool: string[];
}

export interface ControllerContext {
  client: Client;
  informers: SharedInformerFactory;
  /** A recorder whose events carry source.component = component (e.g. 'deployment-controller'). */
  recorder(component: string): EventRecorder;
  log: Logger;
  settings: ClusterSettings;
}

export interface Controller {
  /** Wait for the informers it uses to sync, then work until stop(). Resolves after stop. */
  run(): Promise<void>;
  stop(): void;
}

export const defaultClusterSettings: ClusterSettings = {
  podCIDR: '10.244.0.0/16',
  nodeMonitorGracePeriodMs: 40_000,
  maxEndpointsPerSlice: 100,
  lbPool: [],
};
