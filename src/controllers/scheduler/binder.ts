// Binding a pod to a node: POST pods/<name>/binding with a v1 Binding, as kube-scheduler does (the
// only way; pod update validation forbids setting spec.nodeName; the API serves it in
// src/api/handlers/pod-actions.ts). The Client seam has no verb for POST-only subresources yet, so
// this speaks HTTPS to the configured server itself; it moves onto the Client once that grows a
// `bind` (or create-on-subresource) method, e.g. for the in-process transport.
import { Agent, request } from 'node:https';
import { StatusError } from '../../apis/errors.js';
import { statusErrorFromResponse } from '../../client/rest-client.js';
import type { ClientConfig } from '../../client/types.js';

export interface Binder {
  bind(namespace: string, name: string, uid: string | undefined, nodeName: string): Promise<void>;
  close(): void;
}

export function bindingBody(namespace: string, name: string, uid: string | undefined, nodeName: string): object {
  return {
    apiVersion: 'v1', kind: 'Binding',
    metadata: { name, namespace, ...(uid ? { uid } : {}) },
    target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
  };
}

export function httpsBinder(cfg: ClientConfig): Binder {
  const agent = new Agent({ keepAlive: true, maxSockets: 4, ca: cfg.caCert });
  const base = new URL(cfg.server);
  return {
    bind(namespace, name, uid, nodeName) {
      const body = JSON.stringify(bindingBody(namespace, name, uid, nodeName));
      const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}/binding`;
      return new Promise<void>((resolve, reject) => {
        const req = request({
          protocol: base.protocol, hostname: base.hostname, port: base.port, path, method: 'POST', agent, ca: cfg.caCert,
          headers: {
            'content-type': 'application/json', accept: 'application/json', 'content-length': Buffer.byteLength(body),
            authorization: `Bearer ${cfg.token}`, 'user-agent': cfg.userAgent ?? 'default-scheduler',
          },
          timeout: 30_000,
        }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const code = res.statusCode ?? 0;
            if (code >= 200 && code < 300) resolve();
            else reject(statusErrorFromResponse(code, Buffer.concat(chunks).toString('utf8')));
          });
          res.on('error', reject);
        });
        req.on('timeout', () => req.destroy(new StatusError(504, 'Timeout', `binding ${namespace}/${name}: request timed out`)));
        req.on('error', reject);
        req.end(body);
      });
    },
    close() { agent.destroy(); },
  };
}
