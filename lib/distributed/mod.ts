/**
 * Distributed Commando: fleet jobs on BullMQ (Redis). `runRemote` submits a
 * job as a flow (one child per batch of devices for read-only commands, one
 * per device for a configuration push, in the queue of the workers that can
 * reach them) and streams each device's outcome back from the job's result
 * stream; `FleetWorker` serves queues with its own credentials and
 * known_hosts. Only device names, connection fields,
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
