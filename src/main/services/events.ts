/**
 * Events from main to the renderer. Payloads are parsed against the contract before they leave, so an event can
 * never carry a field (a token, say) that its schema does not name.
 */
import { events, type EventName, type EventPayload } from '../../shared/contract';

export type EmitFn = <E extends EventName>(event: E, payload: EventPayload<E>) => void;
export type RawSend = (event: EventName, payload: unknown) => void;

export function createEmitter(send: RawSend): EmitFn {
  return (event, payload) => {
    const parsed = events[event].parse(payload);
    send(event, parsed);
  };
}
