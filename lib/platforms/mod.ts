/**
 * Device platforms as data: the profile type and validator, the built-in
 * profiles, and the registry.
 *
 * @module
 */
export * from "./profile.ts";
export * from "./registry.ts";
