// The layout helpers reproduce kubectl's real output from the seed transcripts (seeds 000, 004).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DESCRIBE, assertTable, parseTable, table, tabwrite } from './kubectl-output.js';

const SEED_004_GET_SVC = `NAME                   TYPE           CLUSTER-IP       EXTERNAL-IP   PORT(S)        AGE
clusterip-service      ClusterIP      10.105.160.34    <none>        80/TCP         25h
externalname-service   ExternalName   <none>           google.com    <none>         22h
headless-service       ClusterIP      None             <none>        80/TCP         20s
loadbalancer-service   LoadBalancer   10.104.104.146   localhost     80:32142/TCP   24h
nodeport-service       NodePort       10.100.155.91    <none>        80:30080/TCP   25h
`;

const SEED_000_DESCRIBE = `Name:              headless-service
Namespace:         default
Labels:            <none>
Annotations:       <none>
Selector:          app=nginx-for-svc
Type:              ClusterIP
IP Family Policy:  SingleStack
IP Families:       IPv4
IP:                None
IPs:               None
Port:              <unset>  80/TCP
TargetPort:        80/TCP
Endpoints:         20.109.131.3:80
Session Affinity:  None
Events:            <none>
`;

const HEADERS = ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'];

test('table() lays out the seed 004 service list exactly', () => {
  const rows = parseTable(SEED_004_GET_SVC, HEADERS);
  assert.deepEqual(rows[2], ['externalname-service', 'ExternalName', '<none>', 'google.com', '<none>', '22h']);
  assert.equal(table(rows), SEED_004_GET_SVC);
});

test('narrow columns are padded to the minimum width of 6', () => {
  assert.equal(table([['A', 'B', 'C'], ['x', 'y', 'z']]), 'A     B     C\nx     y     z\n');
});

test('assertTable accepts matching cells and rejects a wrong cell or wrong spacing', () => {
  const rows = [
    ['clusterip-service', 'ClusterIP', /^10\./, '<none>', '80/TCP', /h$/],
    ['externalname-service', 'ExternalName', '<none>', 'google.com', '<none>', '22h'],
    ['headless-service', 'ClusterIP', 'None', '<none>', '80/TCP', '20s'],
    ['loadbalancer-service', 'LoadBalancer', '10.104.104.146', 'localhost', '80:32142/TCP', '24h'],
    ['nodeport-service', 'NodePort', '10.100.155.91', '<none>', '80:30080/TCP', '25h'],
  ];
  assertTable(SEED_004_GET_SVC, HEADERS, rows);
  assert.throws(() => assertTable(SEED_004_GET_SVC.replace('google.com', 'github.io '), HEADERS, rows));
  assert.throws(() => assertTable(SEED_004_GET_SVC.replace('24h\n', '24h \n'), HEADERS, rows));
});

test('tabwrite() with the describe settings reproduces seed 000 describe svc', () => {
  const src = [
    'Name:\theadless-service', 'Namespace:\tdefault', 'Labels:\t<none>', 'Annotations:\t<none>',
    'Selector:\tapp=nginx-for-svc', 'Type:\tClusterIP', 'IP Family Policy:\tSingleStack', 'IP Families:\tIPv4',
    'IP:\tNone', 'IPs:\tNone', 'Port:\t<unset>\t80/TCP', 'TargetPort:\t80/TCP', 'Endpoints:\t20.109.131.3:80',
    'Session Affinity:\tNone', 'Events:\t<none>', '',
  ].join('\n');
  assert.equal(tabwrite(src, DESCRIBE), SEED_000_DESCRIBE);
});
