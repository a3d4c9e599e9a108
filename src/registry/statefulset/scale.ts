// The scale subresource of a StatefulSet: the same Scale mapping as a Deployment's.
export { scaleOf, applyScale, type Scale } from '../deployment/scale.js';
