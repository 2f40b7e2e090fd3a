/**
 * Stands in for `@smithy/core/event-streams` in function bundles. The SDK's protocols import it
 * only for operations that stream events, and none of the operations our functions call does
 * (Data API, EventBridge PutEvents, SES, Secrets Manager); bundled, it would add its codec and
 * checksums (about 20 KB) to every function. An operation that did stream fails loudly here.
 */
const notBundled = (): never => {
  throw new Error('Event streams are not bundled into this function (infra/bundling.ts)');
};

export const eventStreamSerdeProvider = notBundled;
export class EventStreamSerde {
  constructor() {
    notBundled();
  }
}
