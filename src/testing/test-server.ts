// An in-process `svcnet server` for tests: temp data dir, a free port on loopback, SQLite by
// default, and no controllers unless asked (a controller test runs the one it tests). Tests of
// clients and controllers talk to it over HTTPS like any component does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer, type ServerConfig } from '../cli/server.js';
import type { ClientConfig } from '../client/types.js';

export interface TestServer extends RunningServer {
  dataDir: string;
  clientConfig(userAgent?: string): ClientConfig;
}

export async function startTestServer(overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'svcnet-test-'));
  const running = await startServer({
    dataDir, bindAddress: '127.0.0.1', port: 0, datastore: 'sqlite', serviceCIDRs: ['10.96.0.0/12'],
    nodePortRange: '30000-32767', clusterDomain: 'cluster.local', podCIDR: '10.244.0.0/16', lbPool: [],
    nodeName: 'test-node', advertiseAddress: '192.0.2.10', controllers: false, ...overrides,
  });
  return {
    ...running,
    dataDir,
    clientConfig: (userAgent) => ({ server: running.url, token: running.adminToken, caCert: running.caCert, userAgent }),
    async stop() {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
