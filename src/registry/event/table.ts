// `kubectl get events` columns and cells (printers.go printEvent): Last Seen, Type, Reason,
// Object (`kind/name`), Message; -o wide adds Subobject, Source, First Seen, Count, Name.
// Cells follow column order (the server always fills the wide cells).
import type { Event } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../apis/object.js';
import { humanDuration, type TableConvertor, column } from '../../apis/table.js';

export type EventObject = Event & KubeObject;


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
    column('Last Seen', 'Time since the event last happened.'),
    column('Type', 'Normal or Warning.'),
    column('Reason', 'Short, machine-readable cause.'),
    column('Object', 'The object the event is about.'),
    column('Subobject', 'Part of the object, such as a container.', { priority: 1 }),
    column('Source', 'Component that reported the event.', { priority: 1 }),
    column('Message', 'What happened, for people.'),
    column('First Seen', 'Time since the event first happened.', { priority: 1 }),
    column('Count', 'How many times it happened.', { priority: 1 }),
    column('Name', 'The event\'s name.', { priority: 1, format: 'name' }),
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
