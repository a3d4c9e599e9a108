// The Node object a node agent registers and keeps current, shaped as the kubelet's node status
// setters make it (pkg/kubelet/nodestatus/setters.go, kubelet_node_status.go): well-known labels,
// addresses, capacity/allocatable, nodeInfo and the four conditions with the kubelet's reasons.
// desiredNode() is pure; NodeStatusReporter registers the Node (create, or adopt an existing one)
// and rewrites its status every heartbeat so lastHeartbeatTime moves while lastTransitionTime only
// changes when a condition's status does.
import { createHash } from 'node:crypto';
import { arch, release } from 'node:os';
import type { KubeObject, Node as NodeType } from '../apis/object.js';
import { isStatusError } from '../apis/errors.js';
import type { Client } from '../client/types.js';
import type { Logger } from '../lib/logger.js';
import { rfc3339 } from './time.js';

export type Node = NodeType & KubeObject;
type NodeCondition = NonNullable<NonNullable<NodeType['status']>['conditions']>[number];

export const kubeletVersion = 'v1.32.3';

export interface NodeIdentity {
  nodeName: string;
  internalIP: string;
  /** Extra labels, merged over the well-known ones. */
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Resource capacity; allocatable is the same (a virtual node reserves nothing). */
  capacity: Record<string, string>;
  containerRuntimeVersion: string;
  osImage: string;
  kernelVersion: string;
  architecture: string;
}

/** Go's GOARCH names for Node labels and nodeInfo. */
export function goArch(nodeArch: string = arch()): string {
  return ({ x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' } as Record<string, string>)[nodeArch] ?? nodeArch;
}

/** Defaults for a virtual (kwok-style) node: large capacity, the host's kernel, amd64/linux. */
export function virtualNodeIdentity(nodeName: string, internalIP: string, over: Partial<NodeIdentity> = {}): NodeIdentity {
  return {
    nodeName, internalIP,
    capacity: { cpu: '32', memory: '256Gi', pods: '110', 'ephemeral-storage': '100Gi', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0' },
    containerRuntimeVersion: 'svcnet://virtual', osImage: 'svcnet virtual node', kernelVersion: release(), architecture: 'amd64',
    ...over,
  };
}

/** The kubelet's four conditions for a healthy node (setters.go: MemoryPressureCondition, ...). */
const healthyConditions: ReadonlyArray<Pick<NodeCondition, 'type' | 'status' | 'reason' | 'message'>> = [
  { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
  { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
  { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
  { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
];

/** Conditions at `nowMs`: heartbeat is now; a transition time is kept while the status stays the same. */
export function nodeConditions(nowMs: number, prev: readonly NodeCondition[] = []): NodeCondition[] {
  const now = rfc3339(nowMs);
  return healthyConditions.map((c) => {
    const old = prev.find((p) => p.type === c.type);
    return { ...c, lastHeartbeatTime: now, lastTransitionTime: old && old.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : now };
  });
}

/** Stable per-name identifiers (machine-id style: 32 hex digits), so a re-registration looks the same. */
function stableID(nodeName: string, what: string): string {
  return createHash('sha256').update(`${what}/${nodeName}`).digest('hex').slice(0, 32);
}

function uuidOf(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function nodeLabels(id: NodeIdentity): Record<string, string> {
  return {
    'beta.kubernetes.io/arch': id.architecture, 'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': id.architecture, 'kubernetes.io/hostname': id.nodeName, 'kubernetes.io/os': 'linux',
    ...id.labels,
  };
}

export function nodeStatus(id: NodeIdentity, nowMs: number, prev?: NodeType['status']): NonNullable<NodeType['status']> {
  return {
    conditions: nodeConditions(nowMs, prev?.conditions),
    addresses: [{ type: 'InternalIP', address: id.internalIP }, { type: 'Hostname', address: id.nodeName }],
    capacity: { ...id.capacity },
    allocatable: { ...id.capacity },
    nodeInfo: {
      machineID: stableID(id.nodeName, 'machine'),
      systemUUID: uuidOf(stableID(id.nodeName, 'system')),
      bootID: uuidOf(stableID(id.nodeName, 'boot')),
      kernelVersion: id.kernelVersion,
      osImage: id.osImage,
      containerRuntimeVersion: id.containerRuntimeVersion,
      kubeletVersion,
      kubeProxyVersion: '',
      operatingSystem: 'linux',
      architecture: id.architecture,
    },
  };
}

/** The Node to create, or `existing` with our labels, annotations and status laid over it. */
export function desiredNode(id: NodeIdentity, nowMs: number, existing?: Node): Node {
  const meta = existing ? { ...existing.metadata } : { name: id.nodeName };
  meta.labels = { ...meta.labels, ...nodeLabels(id) };
  meta.annotations = { ...meta.annotations, 'volumes.kubernetes.io/controller-managed-attach-detach': 'true', ...id.annotations };
  return { ...existing, apiVersion: 'v1', kind: 'Node', metadata: meta, spec: existing?.spec ?? {}, status: nodeStatus(id, nowMs, existing?.status) };
}

export interface NodeStatusReporterOptions {
  client: Client;
  identity: NodeIdentity;
  log: Logger;
  /** How often status is rewritten even when nothing changed (kubelet: on change, else 5 min). */
  heartbeatIntervalMs: number;
  now?: () => number;
}

/** Registers the Node and keeps its status heartbeat going until stop(). */
export class NodeStatusReporter {
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private node: Node | undefined;
  private readonly now: () => number;

  constructor(private readonly opts: NodeStatusReporterOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** The registered Node's uid (undefined before register()). */
  get uid(): string | undefined { return this.node?.metadata.uid; }

  /** Creates the Node, or adopts an existing one of that name (labels merged, status rewritten). */
  async register(): Promise<Node> {
    const nodes = this.opts.client.forKind<Node>('Node');
    const id = this.opts.identity;
    try {
      this.node = await nodes.create(undefined, desiredNode(id, this.now()));
      return this.node;
    } catch (e) {
      if (!isStatusError(e, 'AlreadyExists')) throw e;
    }
    // A restart of the agent: keep spec (podCIDR, taints set by others), refresh metadata and status.
    const live = await nodes.get(undefined, id.nodeName);
    const want = desiredNode(id, this.now(), live);
    const updated = await nodes.update(want);
    this.node = await nodes.updateStatus({ ...updated, status: want.status });
    return this.node;
  }

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One status write: a merge patch of the status subresource (no read, no conflict). */
  async heartbeat(): Promise<void> {
    const status = nodeStatus(this.opts.identity, this.now(), this.node?.status);
    this.node = await this.opts.client.forKind<Node>('Node').patch(undefined, this.opts.identity.nodeName, 'merge', { status }, { subresource: 'status' });
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.heartbeat().catch((err: unknown) => this.opts.log.warn({ err, node: this.opts.identity.nodeName }, 'failed to update node status'))
        .finally(() => this.schedule());
    }, this.opts.heartbeatIntervalMs);
    this.timer.unref?.();
  }
}
