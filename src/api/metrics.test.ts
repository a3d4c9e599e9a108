import { test } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { startTestServer } from '../testing/test-server.js';

function get(url: string, ca: string, token?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https.get(url, { ca, headers: token ? { Authorization: `Bearer ${token}` } : {} }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

test('/metrics counts requests by verb, resource and code, and needs credentials', async () => {
  const server = await startTestServer();
  try {
    assert.equal((await get(`${server.url}/metrics`, server.caCert)).status, 401);
    assert.equal((await get(`${server.url}/api/v1/namespaces/default/services`, server.caCert, server.adminToken)).status, 200);
    assert.equal((await get(`${server.url}/api/v1/namespaces/default/services/nope`, server.caCert, server.adminToken)).status, 404);
    const { status, body } = await get(`${server.url}/metrics`, server.caCert, server.adminToken);
    assert.equal(status, 200);
    assert.match(body, /svcnet_api_requests_total\{verb="list",resource="services",code="200"\} 1/);
    assert.match(body, /svcnet_api_requests_total\{verb="get",resource="services",code="404"\} 1/);
    assert.match(body, /svcnet_api_request_duration_seconds_bucket\{le="\+Inf",verb="list",resource="services"\} 1/);
  } finally {
    await server.stop();
  }
});
