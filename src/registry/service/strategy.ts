// The Service strategy (pkg/registry/core/service/strategy.go plus the defaulting and IP-family
// settling kube-apiserver does around it): create clears status; updates keep status and carry
// allocated values over; a type change drops what the new type cannot have; /status writes keep
// the spec. Validation answers with exactly what kube-apiserver answers (see validation.ts).
import type { Service } from '../../apis/object.js';
import { deepCopy } from '../../apis/object.js';
import type { FieldError } from '../../apis/field-errors.js';
import type { Strategy } from '../strategy.js';
import { configuredFamilies, type ServiceNetworkConfig } from './config.js';
import { normalizeClusterIPs, setServiceDefaults } from './defaults.js';
import { initIPFamilyFields } from './ip-families.js';
import { dropTypeDependentFields, patchAllocatedValues } from './type-change.js';
import { serviceTable } from './table.js';
import type { ServiceObject } from './helpers.js';
import { validateService, validateServiceStatusUpdate, validateServiceUpdate } from './validation.js';

export type { ServiceObject };

export function newServiceStrategy(cfg: ServiceNetworkConfig): Strategy<ServiceObject> {
  const families = configuredFamilies(cfg);

  /**
   * Upstream settles IP families before validating, and answers a failure there with only those
   * errors; so validation first replays that step on a copy and stops if it complains.
   */
  const familyErrors = (svc: Service, old?: Service): FieldError[] => initIPFamilyFields(deepCopy(svc), old, families);
  /** Settle the family fields only when that succeeds, so validation's replay sees the user's input. */
  const settleFamilies = (svc: Service, old?: Service): void => {
    const copy = deepCopy(svc);
    if (initIPFamilyFields(copy, old, families).length === 0) svc.spec = copy.spec;
  };

  return {
    tracksGeneration: false,
    table: serviceTable,
    prepareForCreate(svc) {
      setServiceDefaults(svc);
      // Go serializes the LoadBalancerStatus struct even when empty: kube always returns `loadBalancer: {}`.
      Object.assign(svc, { status: { loadBalancer: {} } });
      normalizeClusterIPs(svc);
      settleFamilies(svc);
    },
    validate(svc) {
      const fam = familyErrors(svc);
      return fam.length ? fam : validateService(svc);
    },
    prepareForUpdate(svc, old) {
      setServiceDefaults(svc);
      Object.assign(svc, { status: deepCopy(old.status ?? {}) });
      patchAllocatedValues(svc, old);
      normalizeClusterIPs(svc, old);
      dropTypeDependentFields(svc, old);
      settleFamilies(svc, old);
    },
    validateUpdate(svc, old) {
      const fam = familyErrors(svc, old);
      return fam.length ? fam : validateServiceUpdate(svc, old);
    },
    prepareForStatusUpdate(svc, old) {
      svc.spec = deepCopy(old.spec);
      const status = (svc.status ?? {}) as NonNullable<typeof svc.status>;
      Object.assign(svc, { status: { ...status, loadBalancer: status.loadBalancer ?? {} } });
      // The LB ingress ipMode default applies to status writes too.
      setServiceDefaults(svc);
    },
    validateStatusUpdate: validateServiceStatusUpdate,
    selectableFields(svc) {
      return { 'spec.clusterIP': svc.spec?.clusterIP ?? '', 'spec.type': svc.spec?.type ?? '' };
    },
  };
}
