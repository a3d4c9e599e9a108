// Allocator failures with stable codes. The messages are kube-apiserver's (ipallocator and
// portallocator), because they reach users inside 422 and 500 Status messages.

export type AllocationErrorCode = 'SVCNET_ALLOC_FULL' | 'SVCNET_ALLOC_TAKEN' | 'SVCNET_ALLOC_NOT_IN_RANGE';

export class AllocationError extends Error {
  override readonly name = 'AllocationError';
  constructor(readonly code: AllocationErrorCode, message: string) { super(message); }
}

export const allocationErrors = {
  full: (): AllocationError => new AllocationError('SVCNET_ALLOC_FULL', 'range is full'),
  taken: (what: 'IP' | 'port'): AllocationError => new AllocationError('SVCNET_ALLOC_TAKEN', `provided ${what} is already allocated`),
  notInRange: (what: 'IP' | 'port', range: string): AllocationError =>
    new AllocationError('SVCNET_ALLOC_NOT_IN_RANGE', `provided ${what} is not in the valid range. The range of valid ${what}s is ${range}`),
};

export function isAllocationError(e: unknown, code?: AllocationErrorCode): e is AllocationError {
  return e instanceof AllocationError && (code === undefined || e.code === code);
}
