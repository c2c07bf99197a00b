/**
 * The USCC rules (GB 32100-2015) and the eligibility classification of 通知 一 live in the contract, as
 * pure code the web runs too (registration checks a code as it is typed, with the server's own words).
 */
export * from '../../../contract/uscc.js';
