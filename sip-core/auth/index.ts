// Public API of Digest authentication.
export { parseAuthParams, type AuthParams } from "./auth-params";
export {
  computeDigest,
  computeHA1,
  buildChallenge,
  buildAuthorization,
  selectChallenge,
  normalizeAlgorithm,
  formatNonceCount,
  type DigestAlgorithm,
  type DigestInput,
  type ChallengeOptions,
  type AuthorizationOptions,
} from "./digest";
export {
  verifyDigest,
  verifyAuthorization,
  type DigestCredentials,
  type DigestFailure,
  type DigestVerification,
  type VerifyOptions,
} from "./verify";
