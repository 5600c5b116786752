/** The media type of frames in each transfer syntax (PS3.18 Table 8.7.3-5). */
import { nativeSyntaxes } from './pixel-info.js';

/** Media type of an encapsulated transfer syntax's frames, or undefined when not served as frames. */
export function frameMediaType(ts: string): string | undefined {
  if (nativeSyntaxes.has(ts)) return 'application/octet-stream';
  switch (ts) {
    case '1.2.840.10008.1.2.4.50':
    case '1.2.840.10008.1.2.4.51':
    case '1.2.840.10008.1.2.4.57':
    case '1.2.840.10008.1.2.4.70':
      return 'image/jpeg';
    case '1.2.840.10008.1.2.4.80':
    case '1.2.840.10008.1.2.4.81':
      return 'image/jls';
    case '1.2.840.10008.1.2.4.90':
    case '1.2.840.10008.1.2.4.91':
      return 'image/jp2';
    case '1.2.840.10008.1.2.4.201':
    case '1.2.840.10008.1.2.4.202':
    case '1.2.840.10008.1.2.4.203':
      return 'image/jphc';
    case '1.2.840.10008.1.2.5':
      return 'image/x-dicom-rle';
    default:
      return undefined;
  }
}
