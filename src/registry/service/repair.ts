// Start-up repair of reservations against stored Services (the repair controllers of
// pkg/registry/core/service/ipallocator/controller and portallocator/controller, run once): a
// value a service holds without a reservation gets one; a reservation no service holds is freed
// once older than the grace period (younger ones may belong to a create still in flight).
import type { Service } from '../../apis/object.js';
import type { Store } from '../../storage/store.js';
import { KeyExistsError } from '../../storage/errors.js';
import type { ReservationPool, ReservationRecord } from '../allocators/reservation-pool.js';
import { serviceKey, serviceNodePorts } from './helpers.js';

export interface RepairOptions {
  servicesPrefix: string;
  graceMs: number;
  now: () => Date;
  poolForIP: (ip: string) => ReservationPool | undefined;
}

export interface RepairReport { created: string[]; freed: string[]; conflicts: string[] }

export async function repairAllocations(store: Store, ipPools: ReservationPool[], nodePorts: ReservationPool, opts: RepairOptions): Promise<RepairReport> {
  const report: RepairReport = { created: [], freed: [], conflicts: [] };
  const records = new Map<ReservationPool, ReservationRecord[]>();
  for (const pool of [...ipPools, nodePorts]) records.set(pool, await pool.load());

  const { items } = await store.list(opts.servicesPrefix);
  // pool -> value -> holder
  const held = new Map<ReservationPool, Map<string, Service>>();
  const hold = (pool: ReservationPool | undefined, value: string | undefined, svc: Service): void => {
    if (!pool || !value) return;
    const c = pool.space.canonical(value);
    if (c === undefined) return;
    let m = held.get(pool);
    if (!m) held.set(pool, (m = new Map()));
    m.set(c, svc);
  };
  for (const kv of items) {
    let svc: Service;
    try { svc = JSON.parse(kv.value) as Service; } catch { continue; }
    if (svc.spec?.type !== 'ExternalName') {
      for (const ip of svc.spec?.clusterIPs ?? []) if (ip !== 'None') hold(opts.poolForIP(ip), ip, svc);
    }
    for (const np of serviceNodePorts(svc)) hold(nodePorts, String(np), svc);
    if (svc.spec?.healthCheckNodePort) hold(nodePorts, String(svc.spec.healthCheckNodePort), svc);
  }

  const now = opts.now().getTime();
  for (const [pool, recs] of records) {
    const want = held.get(pool) ?? new Map<string, Service>();
    const have = new Set(recs.map((r) => r.value));
    for (const [value, svc] of want) {
      if (have.has(value) || !pool.space.inRange(value)) continue;
      try {
        await pool.reserve(value, { service: serviceKey(svc), uid: svc.metadata?.uid });
        report.created.push(pool.key(value));
      } catch (e) {
        if (e instanceof KeyExistsError || (e as { code?: string }).code === 'SVCNET_ALLOC_TAKEN') report.conflicts.push(pool.key(value));
        else throw e;
      }
    }
    for (const rec of recs) {
      if (want.has(rec.value)) continue;
      const age = now - Date.parse(rec.time);
      if (!(age >= opts.graceMs)) continue;
      if (await pool.deleteRecord(rec)) report.freed.push(pool.key(rec.value));
    }
  }
  return report;
}
