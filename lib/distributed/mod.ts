/**
 * Distributed Commando: fleet jobs on BullMQ (Redis). `runRemote` submits a
 * job as a flow (one child per device, in the queue of the workers that can
 * reach it) and streams the outcomes back; `FleetWorker` serves queues with
 * its own credentials and known_hosts. Only device names, connection fields,
 * commands and results travel through Redis; never credentials.
 *
 * @module
 */
export * from "./config.ts";
export { type QueueConnectionOptions, queueDisplayUrl } from "./connection.ts";
export * from "./payload.ts";
export * from "./remote.ts";
export * from "./resources.ts";
export * from "./worker.ts";
