/**
 * One lock implementation for every ao package: O_EXCL lock files holding
 * the owner's pid, race-free takeover of a dead owner's lock, and one
 * pid-liveness check in which a zombie counts as dead.
 */
export { type AcquireOptions, acquireLock, withFileLock } from "./acquire.js";
export { EMPTY_GRACE_MS, type LockAttempt, readLockPid, tryLock, unlock } from "./lock-file.js";
export { isPidAlive } from "./pid.js";
