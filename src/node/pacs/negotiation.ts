/**
 * Presentation context negotiation (PS3.8 §9.3.3.2): a context is accepted only for a service this
 * node provides (verification, query/retrieve when an archive is attached, storage of any storage
 * SOP class) in a transfer syntax it can take; otherwise it is rejected with the reason the peer
 * can act on — abstract syntax not supported (3) or transfer syntaxes not supported (4).
 */
import dimse from 'dcmjs-dimse';
import { TS } from '../../dicom/encoding.js';

const { PresentationContextResult, SopClass, StorageClass } = dimse.constants;

/** The query/retrieve SOP classes (PS3.4 Annex C.6) and what each one does. */
export const queryRetrieveClasses: Readonly<
  Record<string, { model: 'patient' | 'study'; service: 'find' | 'move' | 'get' }>
> = {
  '1.2.840.10008.5.1.4.1.2.1.1': { model: 'patient', service: 'find' },
  '1.2.840.10008.5.1.4.1.2.1.2': { model: 'patient', service: 'move' },
  '1.2.840.10008.5.1.4.1.2.1.3': { model: 'patient', service: 'get' },
  '1.2.840.10008.5.1.4.1.2.2.1': { model: 'study', service: 'find' },
  '1.2.840.10008.5.1.4.1.2.2.2': { model: 'study', service: 'move' },
  '1.2.840.10008.5.1.4.1.2.2.3': { model: 'study', service: 'get' },
};

const storageClasses = new Set<string>(Object.values(StorageClass));

/** Storage SOP classes: the registry's storage branch (PS3.6 Annex A) and dcmjs-dimse's list. */
export function isStorageClass(uid: string): boolean {
  return uid.startsWith('1.2.840.10008.5.1.4.1.1.') || storageClasses.has(uid);
}

/**
 * Transfer syntaxes instances are stored in as sent (PS3.5 Annex A, PS3.6 Annex A): the native
 * ones and the encapsulated ones (JPEG family, JPEG-LS, JPEG 2000, HTJ2K, JPEG XL, RLE, MPEG,
 * HEVC), whose datasets are Explicit VR Little Endian and which the index reads without decoding.
 */
const storableSyntaxes = new Set<string>([
  TS.implicitLE,
  TS.explicitLE,
  TS.deflatedLE,
  TS.explicitBE,
  '1.2.840.10008.1.2.5',
  ...['50', '51', '57', '70', '80', '81', '90', '91', '92', '93', '94', '95'].map(
    (n) => `1.2.840.10008.1.2.4.${n}`,
  ),
  ...['100', '101', '102', '103', '104', '105', '106', '107', '108', '110', '111', '112'].map(
    (n) => `1.2.840.10008.1.2.4.${n}`,
  ),
  ...['201', '202', '203'].map((n) => `1.2.840.10008.1.2.4.${n}`),
]);

/** Syntaxes of the DIMSE messages themselves (verification, query, retrieve requests). */
const messageSyntaxes = new Set<string>([TS.explicitLE, TS.implicitLE]);

export interface ContextDecision {
  result: number;
  transferSyntax?: string;
}

/** The first proposed syntax we take; retired big endian only when it is all the peer offers. */
function choose(proposed: readonly string[], supported: ReadonlySet<string>): string | undefined {
  const ok = proposed.filter((t) => supported.has(t));
  return ok.find((t) => t !== TS.explicitBE) ?? ok[0];
}

/** Decide one proposed presentation context. */
export function decideContext(
  abstractSyntax: string,
  proposed: readonly string[],
  opts: { queryRetrieve: boolean },
): ContextDecision {
  const service =
    abstractSyntax === SopClass.Verification || (opts.queryRetrieve && abstractSyntax in queryRetrieveClasses)
      ? messageSyntaxes
      : isStorageClass(abstractSyntax)
        ? storableSyntaxes
        : undefined;
  if (!service) return { result: PresentationContextResult.RejectAbstractSyntaxNotSupported };
  const ts = choose(proposed, service);
  return ts === undefined
    ? { result: PresentationContextResult.RejectTransferSyntaxesNotSupported }
    : { result: PresentationContextResult.Accept, transferSyntax: ts };
}
