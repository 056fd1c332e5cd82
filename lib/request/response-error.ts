import { HubResponseError } from '../errors.js';
import type { GeneralErrorEvent } from '../protocol/inbound.js';

/** The error a `general_error` reports (to the request it answers, its conversation or the hub). */
export const responseErrorOf = ({ payload, conversationId }: GeneralErrorEvent): HubResponseError =>
  new HubResponseError(payload.errorCode, payload.errorDesc, conversationId);
