/**
 * Our additions to the EUCAIM search catalogue, in one reviewed place. The upstream catalogue
 * (`catalogue/lens-search-catalogue.json`, a verbatim copy of samply/eucaim-frontend's
 * `catalogue-eucaim.json`) lacks codes the platform's data carries; they are added here with
 * their SNOMED CT / RadLex identifiers (from `codes.ts`), never by editing the copied file.
 */
import { bodyPartCodes, cancerTypes, fieldKeys, modalityCodes, type CodedValue } from './codes.js';

/** Extra criteria (codes) for fields the upstream catalogue already declares, by field key. */
export const extraCriteria: Record<string, readonly CodedValue[]> = {
  [fieldKeys.diagnosis]: Object.values(cancerTypes),
  [fieldKeys.bodyPart]: Object.values(bodyPartCodes),
  [fieldKeys.modality]: Object.values(modalityCodes),
};

/** PI-RADS gets its own key: upstream reuses BI-RADS's key (IMG1005459) for it — a known slip. */
export const piradsKey = 'cie.PIRADS';

/**
 * Upstream fields re-keyed on load, by their display name. Only the PI-RADS entry: keeping its
 * upstream key would make a BI-RADS query and a PI-RADS query indistinguishable.
 */
export const rekeyedByName: Record<string, string> = {
  'PI-RADS assessment': piradsKey,
};
