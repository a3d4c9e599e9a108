// DATA_DIR/kubeconfig (admin) and DATA_DIR/node-token: the credentials `svcnet server` hands out.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import YAML from 'yaml';

/** A secret kept in a file of the data dir, created on first use. */
export function ensureToken(dataDir: string, file: string): string {
  const p = join(dataDir, file);
  if (existsSync(p)) return readFileSync(p, 'utf8').trim();
  const token = randomBytes(24).toString('hex');
  writeFileSync(p, token + '\n', { mode: 0o600 });
  return token;
}

/**
 * The join token of `svcnet agent` (k3s habit): `svcnet:<sha256 of the CA PEM>:<secret>`. The agent
 * fetches the CA from /cacerts without trusting it, checks the hash, then trusts only that CA.
 */
export function ensureNodeToken(dataDir: string, caCertPem: string): string {
  const p = join(dataDir, 'node-token');
  const prefix = `svcnet:${caHash(caCertPem)}:`;
  if (existsSync(p)) {
    const token = readFileSync(p, 'utf8').trim();
    if (token.startsWith(prefix)) return token;
  }
  const token = prefix + randomBytes(24).toString('hex');
  writeFileSync(p, token + '\n', { mode: 0o600 });
  return token;
}

export function caHash(caCertPem: string): string {
  return createHash('sha256').update(caCertPem.trim()).digest('hex');
}

export function writeKubeconfig(dataDir: string, server: string, caCertPem: string, token: string): string {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'svcnet', cluster: { server, 'certificate-authority-data': Buffer.from(caCertPem).toString('base64') } }],
    users: [{ name: 'admin', user: { token } }],
    contexts: [{ name: 'svcnet', context: { cluster: 'svcnet', user: 'admin', namespace: 'default' } }],
    'current-context': 'svcnet',
    preferences: {},
  };
  const p = join(dataDir, 'kubeconfig');
  writeFileSync(p, YAML.stringify(config), { mode: 0o600 });
  return p;
}
