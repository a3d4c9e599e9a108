// Prometheus metrics of the API front, served at /metrics (authenticated, as kube-apiserver does).
// Names follow svcnet_<component>_<what>_<unit>; labels stay low-cardinality (verb, resource, code).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class ApiMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'svcnet_api_requests_total', help: 'API requests by verb, resource and HTTP code.',
    labelNames: ['verb', 'resource', 'code'] as const, registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: 'svcnet_api_request_duration_seconds', help: 'Latency of non-watch API requests.',
    labelNames: ['verb', 'resource'] as const, registers: [this.registry],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  });
  readonly watchers = new Gauge({
    name: 'svcnet_api_watchers', help: 'Open watch streams by resource.',
    labelNames: ['resource'] as const, registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'svcnet_' });
  }

  /** Call at the start of a request; the returned function records its end. */
  track(verb: string, resource: string): (code: number) => void {
    if (verb === 'watch') {
      this.watchers.inc({ resource });
      return (code) => {
        this.watchers.dec({ resource });
        this.requests.inc({ verb, resource, code: String(code) });
      };
    }
    const end = this.duration.startTimer({ verb, resource });
    return (code) => {
      end();
      this.requests.inc({ verb, resource, code: String(code) });
    };
  }
}
