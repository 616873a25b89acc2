/**
 * The OpenAPI 3.1 description of the HTTP API, served at `/openapi.json`.
 *
 * @module
 */
import { ACL_DIALECTS } from "../acl/ir.ts";

const error = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", examples: ["INVALID_ARGUMENT", "AUTH_FAILED", "FORBIDDEN"] },
        message: { type: "string" },
        field: { type: "string", description: "JSON path of the bad field (400 only)" },
      },
    },
  },
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ content: { "application/json": { schema } } });
const errors = {
  "400": { description: "Bad request (the field is named)", ...json(ref("Error")) },
  "401": { description: "No or unknown bearer token", ...json(ref("Error")) },
  "403": { description: "The token lacks the verb", ...json(ref("Error")) },
};

function op(
  summary: string,
  verb: string,
  responses: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  return {
    summary,
    description: `Token verb: ${verb}.`,
    security: [{ bearer: [] }],
    ...extra,
    responses: { ...responses, ...errors },
  };
}

const idParam = { name: "id", in: "path", required: true, schema: { type: "string" } };

/**
 * The document.
 *
 * @returns The OpenAPI description (a fresh object).
 *
 * @example Every API path is described
 * ```ts
 * import { openApiDocument } from "@trigger/trigger/api";
 * import { ok } from "node:assert/strict";
 *
 * ok("/api/v1/jobs" in openApiDocument().paths);
 * ```
 */
export function openApiDocument():
  & { openapi: string; paths: Record<string, unknown> }
  & Record<string, unknown> {
  return {
    openapi: "3.1.0",
    info: {
      title: "Trigger for Deno API",
      version: "1",
      description:
        "Fleet jobs (run here or on remote BullMQ workers), inventory search, ACL tools and " +
        "maintenance-window status. Bearer tokens from the server's token file, each with its " +
        "verbs: read, run, push.",
    },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: {
        Error: error,
        JobRequest: {
          type: "object",
          properties: {
            job: {
              type: "string",
              enum: ["show_clock", "show_version", "config_device", "gather_info"],
            },
            commands: { type: "array", items: { type: "string" } },
            lines: { type: "array", items: { type: "string" }, description: "config_device" },
            push: { type: "boolean", description: "config_device: really push (verb push)" },
            devices: { type: "array", items: { type: "string" } },
            match: {
              type: "object",
              additionalProperties: { type: "array", items: { type: "string" } },
            },
            timeoutSeconds: { type: "number" },
          },
        },
        DeviceResult: {
          type: "object",
          properties: {
            device: { type: "string" },
            ok: { type: "boolean" },
            results: {
              type: "array",
              items: {
                type: "object",
                properties: { command: { type: "string" }, output: { type: "string" }, parsed: {} },
              },
            },
            error: {
              type: "object",
              properties: { code: { type: "string" }, message: { type: "string" } },
            },
            elapsedMs: { type: "number" },
            attempts: { type: "number" },
          },
        },
        Job: {
          type: "object",
          properties: {
            id: { type: "string" },
            name: { type: "string" },
            submittedBy: { type: "string" },
            runsOn: { type: "string", enum: ["queue", "local"] },
            status: { type: "string", enum: ["running", "done", "cancelled", "failed"] },
            total: { type: ["number", "null"] },
            done: { type: "number" },
            failed: { type: "number" },
            results: { type: "array", items: ref("DeviceResult") },
          },
        },
      },
    },
    paths: {
      "/api/v1/jobs": {
        get: op("List jobs (newest first, without results)", "read", {
          "200": { description: "Jobs" },
        }),
        post: op(
          "Submit a fleet job",
          "run (push for config_device with push: true; read for its dry run)",
          {
            "202": {
              description: "Accepted",
              ...json({ type: "object", properties: { job: ref("Job") } }),
            },
            "413": { description: "Body too large", ...json(ref("Error")) },
          },
          { requestBody: { required: true, ...json(ref("JobRequest")) } },
        ),
      },
      "/api/v1/jobs/named": {
        get: op("The named jobs", "read", { "200": { description: "Names and descriptions" } }),
      },
      "/api/v1/jobs/{id}": {
        get: op("A job with its results", "read", {
          "200": {
            description: "The job",
            ...json({ type: "object", properties: { job: ref("Job") } }),
          },
          "404": { description: "No such job" },
        }, { parameters: [idParam] }),
        delete: op("Cancel a job (devices not started end CANCELLED)", "run", {
          "200": { description: "Cancelled" },
          "409": { description: "Not running" },
        }, { parameters: [idParam] }),
      },
      "/api/v1/jobs/{id}/events": {
        get: op(
          "Follow a job: Server-Sent Events device (a DeviceResult), progress, end; what happened before comes first",
          "read",
          {
            "200": {
              description: "text/event-stream",
              content: { "text/event-stream": { schema: { type: "string" } } },
            },
          },
          { parameters: [idParam] },
        ),
      },
      "/api/v1/devices": {
        get: op(
          "Search the inventory: q (name substring), any field=value (repeatable), limit",
          "read",
          { "200": { description: "Devices" } },
        ),
      },
      "/api/v1/devices/{name}": {
        get: op("One device", "read", {
          "200": { description: "The device" },
          "404": { description: "Unknown device" },
        }, { parameters: [{ ...idParam, name: "name" }] }),
      },
      "/api/v1/acl/convert": {
        post: op(
          "Convert an ACL to another format",
          "read",
          { "200": { description: "{ acl }" } },
          {
            requestBody: {
              required: true,
              ...json({
                type: "object",
                required: ["acl", "to"],
                properties: {
                  acl: { type: "string" },
                  to: { type: "string" },
                  from: { type: "string", enum: ["auto", "ios", "junos"] },
                },
              }),
            },
          },
        ),
      },
      "/api/v1/acl/check": {
        post: op("Which line of an ACL decides a flow", "read", {
          "200": { description: "{ permitted, term, line, index }" },
        }, {
          requestBody: {
            required: true,
            ...json({
              type: "object",
              required: ["acl", "flow"],
              properties: {
                acl: { type: "string" },
                flow: {
                  type: "object",
                  required: ["src", "dst"],
                  properties: {
                    src: { type: "string" },
                    dst: { type: "string" },
                    protocol: { type: "string" },
                    sport: {},
                    dport: {},
                  },
                },
              },
            }),
          },
        }),
      },
      "/api/v1/acl/diff": {
        post: op(
          "The exact packets two ACLs decide differently (any dialects)",
          "read",
          {
            "200": {
              description:
                "{ equivalent, truncated, differences: [{ family, old, new, boxes, truncated, example }] }; " +
                "old/new: { term, permitted, name, line } (term -1: the implicit deny)",
            },
            "413": { description: "Body larger than the limit", ...json(ref("Error")) },
          },
          {
            requestBody: {
              required: true,
              ...json({
                type: "object",
                required: ["old", "new"],
                additionalProperties: false,
                properties: {
                  old: { type: "string", description: "The ACL before" },
                  new: { type: "string", description: "The ACL after" },
                  dialect: { type: "string", enum: [...ACL_DIALECTS], default: "auto" },
                  max: {
                    type: "integer",
                    minimum: 1,
                    maximum: 1000,
                    default: 100,
                    description: "Most differences listed",
                  },
                },
              }),
            },
          },
        ),
      },
      "/api/v1/bounce/{device}": {
        get: op("A device's maintenance-window status now and its next green window", "read", {
          "200": { description: "Status" },
        }, { parameters: [{ ...idParam, name: "device" }] }),
      },
    },
  };
}
