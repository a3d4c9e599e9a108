// The Service manifests of the seed walkthroughs (shared/research/seed-transcripts.md), one per
// kind of Service the issue lists. Whitespace restored where the seed page lost it; names made
// unique where two seeds reuse one (seed 002's two-port service is `hostname-svc-multiport` here).
// `sessionAffinity: ClientIP` appears in no seed: `affinity-svc` is ours.

export const SEED_NAMESPACE = `apiVersion: v1
kind: Namespace
metadata:
  name: prod
`;

export const HEADLESS = `# headless.yaml (seed 000)
apiVersion: v1
kind: Service
metadata:
  name: headless-service
spec:
  type: ClusterIP
  clusterIP: None
  selector:
    app: nginx-for-svc
  ports:
  - protocol: TCP
    port: 80
    targetPort: 80
`;

export const CLUSTERIP = `# hostname-svc-clusterip.yaml (seed 002)
apiVersion: v1
kind: Service
metadata:
  name: hostname-svc-clusterip
spec:
  ports:
  - name: web-port
    port: 8080
    targetPort: 80
  selector:
    app: webserver
  type: ClusterIP
`;

export const MULTIPORT = `apiVersion: v1
kind: Service
metadata:
  name: hostname-svc-multiport
spec:
  ports:
  - name: http
    port: 80
    targetPort: 8080
  - name: https
    port: 443
    targetPort: 8443
  selector:
    app: webserver
  type: ClusterIP
`;

export const NODEPORT_RANDOM = `# hostname-svc-nodeport.yaml (seed 002)
apiVersion: v1
kind: Service
metadata:
  name: hostname-svc-nodeport
spec:
  type: NodePort
  selector:
    app: webserver
  ports:
  - name: web-port
    port: 8080
    targetPort: 80
`;

export const NODEPORT_FIXED = `apiVersion: v1
kind: Service
metadata:
  name: nodeport-service
spec:
  type: NodePort
  selector:
    app: webserver
  ports:
  - port: 80
    targetPort: 80
    nodePort: 30080
`;

export const LOADBALANCER = `apiVersion: v1
kind: Service
metadata:
  name: hostname-svc-lb
spec:
  ports:
  - name: web-port
    port: 80
    targetPort: 80
  selector:
    app: webserver
  type: LoadBalancer
`;

export const EXTERNALNAME = `apiVersion: v1
kind: Service
metadata:
  name: my-service
  namespace: prod
spec:
  type: ExternalName
  externalName: my.database.example.com
`;

export const SELECTORLESS = `# Service without a selector (seed 003)
apiVersion: v1
kind: Service
metadata:
  name: endpoint2
spec:
  ports:
  - port: 8080
---
apiVersion: v1
kind: Endpoints
metadata:
  name: endpoint2
subsets:
 - addresses:
   - ip: 20.109.5.12
   ports:
   - port: 8080
`;

export const AFFINITY = `apiVersion: v1
kind: Service
metadata:
  name: affinity-svc
spec:
  selector:
    app: webserver
  sessionAffinity: ClientIP
  ports:
  - port: 80
    targetPort: 8080
`;

/** file name -> manifest, in the order the walkthrough applies them. */
export const SEED_FILES: [string, string][] = [
  ['namespace.yaml', SEED_NAMESPACE],
  ['headless.yaml', HEADLESS],
  ['hostname-svc-clusterip.yaml', CLUSTERIP],
  ['hostname-svc-multiport.yaml', MULTIPORT],
  ['hostname-svc-nodeport.yaml', NODEPORT_RANDOM],
  ['nodeport-service.yaml', NODEPORT_FIXED],
  ['hostname-svc-lb.yaml', LOADBALANCER],
  ['externalname.yaml', EXTERNALNAME],
  ['endpoint2.yaml', SELECTORLESS],
  ['affinity-svc.yaml', AFFINITY],
];

/** seed 001: the headless Service of the StatefulSet `db` (named port db, no targetPort). */
export const DB_SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: db-service
spec:
  clusterIP: None
  selector:
    app: db
  ports:
  - port: 27017
    name: db
`;
/** seed 001: StatefulSet `db`, 3 mongo replicas governed by db-service (its claim template is ignored). */
export const DB_STATEFULSET = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: "db-service"
  replicas: 3
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: db
        image: mongo
        ports:
        - containerPort: 27017
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 1Gi
`;
