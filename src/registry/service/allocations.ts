// ServiceAllocations: the ClusterIP and NodePort side effects of Service writes (the registry's
// storage/alloc.go), as WriteHooks. Every held IP or port is a store key created if absent
// (`/allocations/serviceips/<ip>`, `/allocations/nodeports/<port>`), so two services never share
// one, also with several API servers on one store. beforeCreate/beforeUpdate reserve what the
// object newly needs and fill it in; undo frees those; an update's commit frees what the new
// object no longer holds; afterDelete frees everything. dryRun fills values and reserves nothing.
import type { Service } from '../../apis/object.js';
import { errors, StatusError } from '../../apis/errors.js';
import { field } from '../../apis/field-errors.js';
import { invalidRendered } from '../../apis/validation/go-format.js';
import type { Store } from '../../storage/store.js';
import type { Undo, WriteHooks } from '../strategy.js';
import { ipFamilyOf } from '../../lib/ip.js';
import { ReservationPool, type Owner, type PoolOptions } from '../allocators/reservation-pool.js';
import { NodePortSpace, ServiceIPSpace } from '../allocators/space.js';
import { isAllocationError } from '../allocators/errors.js';
import { configuredFamilies, type ServiceNetworkConfig } from './config.js';
import { type ServiceObject, ClusterIPNone, isHeadless, needsHealthCheck, needsNodePort, serviceKey, serviceNodePorts, shouldAllocateNodePorts, svcType } from './helpers.js';
import { isMatchingPreferDualStack } from './ip-families.js';
import { goStrings } from './go-values.js';
import { repairAllocations } from './repair.js';

export const serviceIPPrefix = '/allocations/serviceips/';
export const nodePortPrefix = '/allocations/nodeports/';

export interface AllocationsOptions extends PoolOptions {
  /** Where Service objects are stored (for repair at start). */
  servicesPrefix?: string;
  /** Reservations no service holds are freed at start only when older than this (ms). */
  orphanGraceMs?: number;
}

type Family = 'IPv4' | 'IPv6';
type Held = Array<{ pool: ReservationPool; value: string }>;

/** What one write reserved (freed by undo) and what it gives up (freed by commit). */
class Txn {
  readonly reserved: Held = [];
  readonly toRelease: Held = [];
  constructor(readonly owner: Owner, readonly dryRun: boolean) {}
  async undo(): Promise<void> {
    if (this.dryRun) return;
    for (const r of this.reserved.splice(0)) await r.pool.release(r.value, this.owner);
  }
  async commit(): Promise<void> {
    if (this.dryRun) return;
    for (const r of this.toRelease.splice(0)) await r.pool.release(r.value, this.owner);
  }
}

const internal = (msg: string): StatusError => errors.internal(msg);

export class ServiceAllocations implements WriteHooks<ServiceObject> {
  readonly ipPools = new Map<Family, ReservationPool>();
  readonly nodePorts: ReservationPool;
  private readonly families: Family[];

  constructor(private readonly store: Store, cfg: ServiceNetworkConfig, private readonly opts: AllocationsOptions = {}) {
    this.families = configuredFamilies(cfg);
    cfg.serviceCIDRs.forEach((c, i) => this.ipPools.set(this.families[i]!, new ReservationPool(store, serviceIPPrefix, new ServiceIPSpace(c), opts)));
    this.nodePorts = new ReservationPool(store, nodePortPrefix, new NodePortSpace(cfg.nodePortRange.base, cfg.nodePortRange.size), opts);
  }

  /** Load reservations, then repair them against the stored services. Call once before serving. */
  async start(): Promise<void> {
    await repairAllocations(this.store, [...this.ipPools.values()], this.nodePorts, {
      servicesPrefix: this.opts.servicesPrefix ?? '/registry/core/services/',
      graceMs: this.opts.orphanGraceMs ?? 60_000,
      now: this.opts.now ?? (() => new Date()),
      poolForIP: (ip) => this.poolForIP(ip),
    });
  }

  async beforeCreate(svc: Service, dryRun: boolean): Promise<Undo> {
    const txn = new Txn(ownerOf(svc), dryRun);
    try {
      await this.allocClusterIPs(svc, txn);
      if (needsNodePort(svc)) await this.initNodePorts(svc, txn);
      if (needsHealthCheck(svc)) await this.allocHealthCheck(svc, txn);
    } catch (e) {
      await txn.undo();
      throw e;
    }
    return () => txn.undo();
  }

  async beforeUpdate(svc: Service, old: Service, dryRun: boolean): Promise<{ undo: Undo; commit: () => Promise<void> }> {
    const txn = new Txn(ownerOf(old), dryRun);
    try {
      await this.updateClusterIPs(svc, old, txn);
      await this.updateNodePorts(svc, old, txn);
      await this.updateHealthCheck(svc, old, txn);
    } catch (e) {
      await txn.undo();
      throw e;
    }
    return { undo: () => txn.undo(), commit: () => txn.commit() };
  }

  async afterDelete(svc: Service): Promise<void> {
    const owner = ownerOf(svc);
    for (const ip of svc.spec?.clusterIPs ?? []) {
      const pool = this.poolForIP(ip);
      if (pool) await pool.release(ip, owner);
    }
    for (const np of serviceNodePorts(svc)) await this.nodePorts.release(String(np), owner);
    if (svc.spec?.healthCheckNodePort) await this.nodePorts.release(String(svc.spec.healthCheckNodePort), owner);
  }

  poolForIP(ip: string): ReservationPool | undefined {
    const f = ipFamilyOf(ip);
    return f ? this.ipPools.get(f === 4 ? 'IPv4' : 'IPv6') : undefined;
  }

  // ---- cluster IPs -------------------------------------------------------------------------

  private async allocClusterIPs(svc: Service, txn: Txn): Promise<void> {
    if (svcType(svc) === 'ExternalName' || svc.spec?.clusterIPs?.[0] === ClusterIPNone) return;
    const spec = svc.spec!;
    const families = (spec.ipFamilies?.length ? spec.ipFamilies : [this.families[0]!]) as Family[];
    spec.ipFamilies = [...families];
    const ips = [...(spec.clusterIPs ?? [])];
    // Missing entries are '' markers, as upstream shows them in errors.
    while (ips.length < families.length) ips.push('');
    spec.clusterIPs = ips;
    for (let i = 0; i < families.length; i++) ips[i] = await this.allocIP(svc, families[i]!, ips[i]!, txn);
    spec.clusterIP = ips[0];
  }

  private async allocIP(svc: Service, family: Family, ip: string, txn: Txn): Promise<string> {
    const pool = this.ipPools.get(family);
    if (!pool) throw errors.invalid('Service', '', svc.metadata?.name ?? '', [field.invalid('spec.ipFamilies', family, 'not configured on this cluster')]);
    if (!ip) {
      try {
        const got = await pool.reserveNext(txn.owner, txn.dryRun);
        txn.reserved.push({ pool, value: got });
        return got;
      } catch (e) {
        if (isAllocationError(e)) throw internal(`failed to allocate a serviceIP: ${e.message}`);
        throw e;
      }
    }
    try {
      const got = await pool.reserve(ip, txn.owner, txn.dryRun);
      txn.reserved.push({ pool, value: got });
      return ip;
    } catch (e) {
      if (isAllocationError(e)) {
        throw errors.invalid('Service', '', svc.metadata?.name ?? '', [
          invalidRendered('spec.clusterIPs', goStrings(svc.spec?.clusterIPs), `failed to allocate IP ${ip}: ${e.message}`),
        ]);
      }
      throw e;
    }
  }

  private async updateClusterIPs(svc: Service, old: Service, txn: Txn): Promise<void> {
    if (isMatchingPreferDualStack(svc, old)) return;
    const oldType = svcType(old), type = svcType(svc);
    if (oldType === 'ExternalName' && type !== 'ExternalName') return this.allocClusterIPs(svc, txn);
    if (isHeadless(old)) return;
    const oldIPs = old.spec?.clusterIPs ?? [];
    if (oldType !== 'ExternalName' && type === 'ExternalName') {
      for (const ip of oldIPs) this.releaseLater(ip, txn);
      return;
    }
    const oldF = old.spec?.ipFamilies ?? [], fams = svc.spec?.ipFamilies ?? [];
    if (oldF.length === 1 && fams.length === 2) {
      const spec = svc.spec!;
      const ips = [...(spec.clusterIPs ?? [])];
      if (ips.length < 2) ips.push('');
      spec.clusterIPs = ips;
      ips[1] = await this.allocIP(svc, fams[1] as Family, ips[1]!, txn);
    } else if (oldF.length === 2 && fams.length === 1 && oldIPs[1]) {
      this.releaseLater(oldIPs[1], txn);
    }
  }

  private releaseLater(ip: string, txn: Txn): void {
    const pool = this.poolForIP(ip);
    if (pool && ip !== ClusterIPNone) txn.toRelease.push({ pool, value: ip });
  }

  // ---- node ports --------------------------------------------------------------------------

  private async reservePort(svc: Service, port: number, path: string, txn: Txn): Promise<void> {
    try {
      await this.nodePorts.reserve(String(port), txn.owner, txn.dryRun);
      txn.reserved.push({ pool: this.nodePorts, value: String(port) });
    } catch (e) {
      if (isAllocationError(e)) throw errors.invalid('Service', '', svc.metadata?.name ?? '', [field.invalid(path, port, e.message)]);
      throw e;
    }
  }

  private async nextPort(txn: Txn, what = 'a nodePort'): Promise<number> {
    try {
      const got = await this.nodePorts.reserveNext(txn.owner, txn.dryRun);
      txn.reserved.push({ pool: this.nodePorts, value: got });
      return Number(got);
    } catch (e) {
      if (isAllocationError(e)) throw internal(`failed to allocate ${what}: ${e.message}`);
      throw e;
    }
  }

  /** On create: every port gets a nodePort; ports sharing a number (53/TCP, 53/UDP) share one. */
  private async initNodePorts(svc: Service, txn: Txn): Promise<void> {
    const ports = svc.spec?.ports ?? [];
    const byPort = new Map<number, number>();
    for (let i = 0; i < ports.length; i++) {
      const p = ports[i]!;
      if (!p.nodePort && !shouldAllocateNodePorts(svc)) continue;
      const shared = byPort.get(p.port);
      if (shared === undefined) {
        // A user's request on this or a later port of the same number wins over allocating one.
        const requested = ports.slice(i).find((q) => q.port === p.port && q.nodePort)?.nodePort;
        if (requested) {
          await this.reservePort(svc, requested, `spec.ports[${i}].nodePort`, txn);
          p.nodePort = requested;
        } else {
          p.nodePort = await this.nextPort(txn);
        }
        byPort.set(p.port, p.nodePort);
      } else if (p.nodePort !== shared) {
        if (!p.nodePort) p.nodePort = shared;
        else await this.reservePort(svc, p.nodePort, `spec.ports[${i}].nodePort`, txn);
      }
    }
  }

  private async updateNodePorts(svc: Service, old: Service, txn: Txn): Promise<void> {
    const oldPorts = serviceNodePorts(old);
    if (needsNodePort(old) && !needsNodePort(svc)) {
      for (const np of oldPorts) txn.toRelease.push({ pool: this.nodePorts, value: String(np) });
    }
    if (!needsNodePort(svc)) return;
    const reservedHere = new Set<number>();
    const byPort = new Map<number, number>();
    const ports = svc.spec?.ports ?? [];
    for (let i = 0; i < ports.length; i++) {
      const p = ports[i]!;
      if (!p.nodePort && !shouldAllocateNodePorts(svc)) continue;
      if (p.nodePort) {
        if (!oldPorts.includes(p.nodePort) && !reservedHere.has(p.nodePort)) {
          await this.reservePort(svc, p.nodePort, `spec.ports[${i}].nodePort`, txn);
          reservedHere.add(p.nodePort);
        }
      } else {
        p.nodePort = byPort.get(p.port) ?? await this.nextPort(txn);
      }
      byPort.set(p.port, p.nodePort);
    }
    const kept = new Set(serviceNodePorts(svc));
    for (const np of oldPorts) if (!kept.has(np)) txn.toRelease.push({ pool: this.nodePorts, value: String(np) });
  }

  private async allocHealthCheck(svc: Service, txn: Txn): Promise<void> {
    const spec = svc.spec!;
    const hc = spec.healthCheckNodePort ?? 0;
    if (hc) {
      try {
        await this.nodePorts.reserve(String(hc), txn.owner, txn.dryRun);
        txn.reserved.push({ pool: this.nodePorts, value: String(hc) });
      } catch (e) {
        if (isAllocationError(e)) throw internal(`failed to allocate requested HealthCheck NodePort ${hc}: ${e.message}`);
        throw e;
      }
    } else {
      spec.healthCheckNodePort = await this.nextPort(txn, 'a HealthCheck NodePort 0');
    }
  }

  private async updateHealthCheck(svc: Service, old: Service, txn: Txn): Promise<void> {
    const needed = needsHealthCheck(old), needs = needsHealthCheck(svc);
    if (!needed && needs) await this.allocHealthCheck(svc, txn);
    else if (needed && !needs && old.spec?.healthCheckNodePort) {
      txn.toRelease.push({ pool: this.nodePorts, value: String(old.spec.healthCheckNodePort) });
    }
  }
}

function ownerOf(svc: Service): Owner {
  return { service: serviceKey(svc), uid: svc.metadata?.uid };
}
