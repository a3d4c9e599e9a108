// ProxyTracker: Service and EndpointSlice informers -> the ProxySnapshot a backend renders, plus
// which service ports changed since the backend last asked (kube-proxy's ServiceChangeTracker,
// EndpointsChangeTracker and EndpointSliceCache in one, keyed by service).
//
// Events only mark a service dirty and call the onChange listeners; the work happens when the
// sync loop reads: snapshot()/takeChanged() recompute each dirty service from the informer caches
// and compare with what they hold. Changes are therefore folded by state, not by event: a service
// added and deleted between two takeChanged() calls, or changed and changed back, is not reported.
//
// Use: one ProxyTracker per SharedInformerFactory (it adds an index to the EndpointSlice
// informer); create it before or after factory.start(); render nothing until hasSynced(), so a
// restart never writes partial rules. Snapshots share ServicePortInfo/EndpointInfo objects with
// the tracker: treat them as read-only (a changed port gets new objects, never mutated ones).
import type { EndpointSlice, KubeObject, Service } from '../../apis/object.js';
import { objectKey } from '../../apis/object.js';
import type { SharedInformerFactory } from '../../client/informer-factory.js';
import type { Informer } from '../../client/types.js';
import type { Logger } from '../../lib/logger.js';
import type { EndpointInfo, ProxySnapshot, ServicePortInfo } from '../types.js';
import { sliceServiceKey, toEndpoints } from './endpoints.js';
import { serviceProxyNameLabel, toServicePorts } from './service-ports.js';

export interface ProxyTrackerOptions {
  nodeName: string;
  /** This node's addresses, copied into every snapshot. */
  nodeIPs: string[];
  log: Logger;
}

/** Index of EndpointSlices by 'ns/serviceName'. */
const byServiceIndex = 'proxy-tracker/byService';

/** What the tracker holds for one service port. */
interface PortState {
  info: ServicePortInfo;
  endpoints: EndpointInfo[];
  /** JSON of info + endpoints: equal fingerprints mean nothing a backend renders changed. */
  fingerprint: string;
}

export class ProxyTracker {
  readonly #opts: ProxyTrackerOptions;
  readonly #services: Informer<Service & KubeObject>;
  readonly #slices: Informer<EndpointSlice & KubeObject>;
  readonly #listeners: (() => void)[] = [];

  /** 'ns/name' of services whose ports or endpoints may differ from #ports. */
  readonly #dirty = new Set<string>();
  /** Service 'ns/name' -> its port keys held in #ports. */
  readonly #portsOf = new Map<string, string[]>();
  /** Port key -> current state (what snapshot() returns). */
  readonly #ports = new Map<string, PortState>();
  /** Port key -> fingerprint at the last takeChanged() (absent: not in the snapshot then). */
  readonly #reported = new Map<string, string>();
  /** Port keys whose state changed since the last takeChanged() (maybe back to #reported). */
  readonly #touched = new Set<string>();

  constructor(informers: SharedInformerFactory, opts: ProxyTrackerOptions) {
    this.#opts = opts;
    this.#services = informers.forKind<Service & KubeObject>('Service');
    this.#slices = informers.forKind<EndpointSlice & KubeObject>('EndpointSlice');
    this.#slices.addIndexer(byServiceIndex, (s) => {
      const key = sliceServiceKey(s);
      return key ? [key] : [];
    });

    // Handlers are one-liners: record which service to look at again, then wake the sync loop.
    const svc = (s: Service & KubeObject) => this.#markDirty(objectKey(s));
    this.#services.addEventHandler({ add: svc, update: (_, s) => svc(s), delete: svc });
    const slice = (s: EndpointSlice & KubeObject) => this.#markDirty(sliceServiceKey(s));
    // A slice relabelled to another service changes both services.
    this.#slices.addEventHandler({ add: slice, update: (old, s) => { slice(old); slice(s); }, delete: slice });

    void Promise.all([this.#services.waitForSync(), this.#slices.waitForSync()]).then(() => {
      if (!this.hasSynced()) return; // stopped before syncing
      this.#opts.log.debug('services and endpointslices synced');
      this.#notify(); // the first full sync may be due even in an empty cluster
    });
  }

  /** fn runs after any change and once when both informers have synced (hang a SyncRunner.run here). */
  onChange(fn: () => void): void {
    this.#listeners.push(fn);
  }

  /** Both Services and EndpointSlices have been listed: a snapshot is complete. */
  hasSynced(): boolean {
    return this.#services.hasSynced() && this.#slices.hasSynced();
  }

  /** Every programmable service port and its endpoints, as of now. New maps on every call. */
  snapshot(): ProxySnapshot {
    this.#apply();
    const services = new Map<string, ServicePortInfo>();
    const endpoints = new Map<string, EndpointInfo[]>();
    for (const [key, st] of this.#ports) {
      services.set(key, st.info);
      endpoints.set(key, st.endpoints);
    }
    return { nodeName: this.#opts.nodeName, nodeIPs: [...this.#opts.nodeIPs], services, endpoints };
  }

  /**
   * Service port keys whose ServicePortInfo or endpoints differ from the last call (added and
   * removed ports included), then forgets them. A port that ended where it started is not listed.
   */
  takeChanged(): Set<string> {
    this.#apply();
    const changed = new Set<string>();
    for (const key of this.#touched) {
      const now = this.#ports.get(key)?.fingerprint;
      if (now !== this.#reported.get(key)) changed.add(key);
      if (now === undefined) this.#reported.delete(key);
      else this.#reported.set(key, now);
    }
    this.#touched.clear();
    return changed;
  }

  #markDirty(serviceKey: string | undefined): void {
    if (!serviceKey) return;
    this.#dirty.add(serviceKey);
    this.#notify();
  }

  #notify(): void {
    for (const fn of this.#listeners) {
      try {
        fn();
      } catch (err) {
        this.#opts.log.error({ err }, 'proxy change listener failed');
      }
    }
  }

  /** Recomputes every dirty service from the caches; records which port keys changed. */
  #apply(): void {
    for (const serviceKey of this.#dirty) {
      const svc = this.#services.get(serviceKey);
      // Another proxy implementation owns services with a service-proxy-name label.
      const ports = svc && svc.metadata.labels?.[serviceProxyNameLabel] === undefined ? toServicePorts(svc) : [];
      const slices = ports.length > 0 ? this.#slices.byIndex(byServiceIndex, serviceKey) : [];
      const keys: string[] = [];
      for (const info of ports) {
        const endpoints = toEndpoints(slices, info, this.#opts.nodeName);
        const fingerprint = JSON.stringify([info, endpoints]);
        keys.push(info.key);
        if (this.#ports.get(info.key)?.fingerprint === fingerprint) continue;
        this.#ports.set(info.key, { info, endpoints, fingerprint });
        this.#touched.add(info.key);
      }
      for (const old of this.#portsOf.get(serviceKey) ?? []) {
        if (keys.includes(old)) continue;
        this.#ports.delete(old);
        this.#touched.add(old);
      }
      if (keys.length > 0) this.#portsOf.set(serviceKey, keys);
      else this.#portsOf.delete(serviceKey);
    }
    this.#dirty.clear();
  }
}
