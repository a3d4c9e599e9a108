// The scale subresource of a ReplicaSet: the same Scale mapping as a Deployment's.
export { scaleOf, applyScale, type Scale } from '../deployment/scale.js';
