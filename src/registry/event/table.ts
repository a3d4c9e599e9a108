// `kubectl get events` columns and cells (printers.go printEvent): Last Seen, Type, Reason,
// Object (`kind/name`), Message; -o wide adds Subobject, Source, First Seen, Count, Name.
// Cells follow column order (the server always fills the wide cells).
import type { Event } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../apis/object.js';
import { humanDuration, type TableConvertor } from '../../apis/table.js';

export type EventObject = Event & KubeObject;

const col = (name: string, description: string, priority = 0, format = '') => ({ name, type: 'string' as const, format, description, priority });

function since(ts: string | undefined, now: Date): string {
  if (!ts) return '<unknown>';
  return humanDuration(now.getTime() - new Date(ts).getTime());
}

export function eventSource(e: Event): string {
  const component = e.source?.component || e.reportingComponent || '';
  const instance = e.source?.host || e.reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}

export const eventTable: TableConvertor<EventObject> = {
  columns: [
    col('Last Seen', 'Deprecated field assuring backward compatibility with core.v1 Event type'),
    col('Type', 'Type of this event (Normal, Warning), new types could be added in the future. It is machine-readable. This field cannot be empty for new Events.'),
    col('Reason', 'reason is why the action was taken. It is human-readable. This field cannot be empty for new Events and it can have at most 128 characters.'),
    col('Object', "The object this Event is about. In most cases it's an Object reporting controller implements, e.g. ReplicaSetController implements ReplicaSets and this event is emitted because it acts on some changes in a ReplicaSet object."),
    col('Subobject', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].', 1),
    col('Source', 'Name of the controller that emitted this Event, e.g. `kubernetes.io/kubelet`. This field cannot be empty for new Events.', 1),
    col('Message', 'Optional. A human-readable description of the status of this operation. Maximal length of the note is 1kB, but libraries should be prepared to handle values up to 64kB.'),
    col('First Seen', 'Deprecated field assuring backward compatibility with core.v1 Event type', 1),
    col('Count', 'Deprecated field assuring backward compatibility with core.v1 Event type', 1),
    col('Name', 'Name must be unique within a namespace.', 1, 'name'),
  ],
  cells(e, now) {
    const first = e.firstTimestamp ? since(e.firstTimestamp as unknown as string, now) : since(e.eventTime as unknown as string | undefined, now);
    let last = e.lastTimestamp ? since(e.lastTimestamp as unknown as string, now) : first;
    let count = e.count ?? 0;
    if (e.series) {
      last = since(e.series.lastObservedTime as unknown as string | undefined, now);
      count = e.series.count ?? 0;
    } else if (count === 0) {
      count = 1; // singleton events of the events.k8s.io API carry no count
    }
    const kind = (e.involvedObject?.kind ?? '').toLowerCase();
    const target = e.involvedObject?.name ? `${kind}/${e.involvedObject.name}` : kind;
    return [last, e.type ?? '', e.reason ?? '', target, e.involvedObject?.fieldPath ?? '', eventSource(e), (e.message ?? '').trim(), first, count, e.metadata.name];
  },
};
