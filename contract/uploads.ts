/**
 * The upload limit API v1 documents ("over the limit (default 50 MiB, configurable) → FILE_TOO_LARGE"):
 * the web states it before a file is chosen and refuses a larger file before sending it. A deployment
 * that sets MAX_UPLOAD_MIB / UPLOAD_LIMITS_MIB otherwise is still the judge: its 413 is shown as usual.
 */
export const DEFAULT_UPLOAD_LIMIT_MIB = 50;
export const DEFAULT_UPLOAD_LIMIT_BYTES = DEFAULT_UPLOAD_LIMIT_MIB * 1024 * 1024;
