import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificate {
  /** PEM: the server's certificate, which is also the only trust anchor a client needs. */
  cert: string;
  key: string;
  /** A file holding `cert`, for NODE_EXTRA_CA_CERTS; removed by `dispose`. */
  certFile: string;
  dispose(): void;
}

/**
 * A self-signed certificate for `hostNames`, made at test time with the openssl command (Node
 * cannot issue X.509 certificates itself); valid for two days, never written into the repository.
 */
export function makeTestCertificate(...hostNames: string[]): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'you-agents-cert-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', '2',
    '-subj', `/CN=${hostNames[0] ?? 'localhost'}`, '-addext', `subjectAltName=${hostNames.map((name) => `DNS:${name}`).join(',')}`,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  return {
    cert: readFileSync(certFile, 'utf8'),
    key: readFileSync(keyFile, 'utf8'),
    certFile,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
