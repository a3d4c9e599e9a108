// The server's own CA and serving certificate (ECDSA P-256), made on first start and reused after.
// kubectl verifies the server through certificate-authority-data and needs SANs (Go ignores the CN).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { webcrypto, X509Certificate as NodeX509 } from 'node:crypto';
import 'reflect-metadata'; // @peculiar/x509 (tsyringe) needs the Reflect polyfill loaded first
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface ServingPki { caCert: string; cert: string; key: string }

async function exportKey(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key as unknown as webcrypto.CryptoKey);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

async function importKey(pem: string): Promise<CryptoKey> {
  const der = x509.PemConverter.decode(pem)[0];
  return webcrypto.subtle.importKey('pkcs8', der, alg, true, ['sign']) as unknown as CryptoKey;
}

function serial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1');
}

async function makeCa(): Promise<{ cert: string; key: string }> {
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']) as unknown as CryptoKeyPair;
  const now = new Date();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(), name: `CN=svcnet-ca@${Math.floor(now.getTime() / 1000)}`, keys, signingAlgorithm: alg,
    notBefore: new Date(now.getTime() - 3600_000), notAfter: new Date(now.getTime() + 10 * 365 * 86400_000),
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString('pem'), key: await exportKey(keys.privateKey) };
}

async function makeServing(ca: { cert: string; key: string }, ips: string[], dnsNames: string[]): Promise<{ cert: string; key: string }> {
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']) as unknown as CryptoKeyPair;
  const caCert = new x509.X509Certificate(ca.cert);
  const now = new Date();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(), subject: 'CN=svcnet-apiserver', issuer: caCert.subject,
    notBefore: new Date(now.getTime() - 3600_000), notAfter: new Date(now.getTime() + 365 * 86400_000),
    signingAlgorithm: alg, publicKey: keys.publicKey, signingKey: await importKey(ca.key),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension([
        ...dnsNames.map((value) => ({ type: 'dns' as const, value })),
        ...ips.map((value) => ({ type: 'ip' as const, value })),
      ]),
    ],
  });
  return { cert: cert.toString('pem'), key: await exportKey(keys.privateKey) };
}

/** Whether an existing serving certificate still covers every wanted address. */
function covers(certPem: string, ips: string[], dnsNames: string[]): boolean {
  try {
    const c = new NodeX509(certPem);
    if (new Date(c.validTo).getTime() < Date.now() + 7 * 86400_000) return false;
    const san = c.subjectAltName ?? '';
    return ips.every((ip) => san.includes(`IP Address:${ip}`)) && dnsNames.every((d) => san.includes(`DNS:${d}`));
  } catch {
    return false;
  }
}

/** Load or create DATA_DIR/tls/{ca,server}.{crt,key}. */
export async function ensureServingPki(dataDir: string, ips: string[], dnsNames: string[]): Promise<ServingPki> {
  const dir = join(dataDir, 'tls');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const p = (f: string) => join(dir, f);
  let ca: { cert: string; key: string };
  if (existsSync(p('ca.crt')) && existsSync(p('ca.key'))) {
    ca = { cert: readFileSync(p('ca.crt'), 'utf8'), key: readFileSync(p('ca.key'), 'utf8') };
  } else {
    ca = await makeCa();
    writeFileSync(p('ca.key'), ca.key, { mode: 0o600 });
    writeFileSync(p('ca.crt'), ca.cert);
  }
  let serving: { cert: string; key: string };
  if (existsSync(p('server.crt')) && existsSync(p('server.key')) && covers(readFileSync(p('server.crt'), 'utf8'), ips, dnsNames)) {
    serving = { cert: readFileSync(p('server.crt'), 'utf8'), key: readFileSync(p('server.key'), 'utf8') };
  } else {
    serving = await makeServing(ca, ips, dnsNames);
    writeFileSync(p('server.key'), serving.key, { mode: 0o600 });
    writeFileSync(p('server.crt'), serving.cert);
  }
  return { caCert: ca.cert, cert: serving.cert, key: serving.key };
}
