/** A file type recognised from its first bytes. */
export interface SniffedType {
  mime: string;
  /** File extension used in the storage key. */
  ext: string;
  label: string;
}

/** How many leading bytes `sniff` needs. */
export const SNIFF_BYTES = 16;

const ascii = (b: Buffer, start: number, end: number) => b.subarray(start, end).toString('latin1');
const startsWith = (b: Buffer, bytes: number[]) => bytes.every((v, i) => b[i] === v);

/**
 * The type of a file from its magic bytes (never from its name or the client's claim): JPEG, PNG,
 * WebP, MP4 / QuickTime / M4A (ISO base media `ftyp` brands), MP3, AMR, WAV and PDF. Null when unknown.
 */
export function sniff(head: Buffer): SniffedType | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { mime: 'image/jpeg', ext: 'jpg', label: 'JPEG' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mime: 'image/png', ext: 'png', label: 'PNG' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return { mime: 'image/webp', ext: 'webp', label: 'WebP' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WAVE') return { mime: 'audio/wav', ext: 'wav', label: 'WAV' };
  if (ascii(head, 4, 8) === 'ftyp') {
    const brand = ascii(head, 8, 12);
    if (brand === 'qt  ') return { mime: 'video/quicktime', ext: 'mov', label: 'QuickTime' };
    if (brand === 'M4A ' || brand === 'M4B ') return { mime: 'audio/mp4', ext: 'm4a', label: 'M4A' };
    if (/^[\x20-\x7e]{4}$/.test(brand)) return { mime: 'video/mp4', ext: 'mp4', label: 'MP4' };
    return null;
  }
  if (['moov', 'mdat', 'wide'].includes(ascii(head, 4, 8))) return { mime: 'video/quicktime', ext: 'mov', label: 'QuickTime' };
  if (ascii(head, 0, 9) === '#!AMR-WB\n' || ascii(head, 0, 6) === '#!AMR\n') return { mime: 'audio/amr', ext: 'amr', label: 'AMR' };
  if (ascii(head, 0, 3) === 'ID3') return { mime: 'audio/mpeg', ext: 'mp3', label: 'MP3' };
  // An MPEG audio frame: 11 sync bits, a defined version and layer III.
  if (head.length >= 2 && head[0] === 0xff && (head[1] & 0xe0) === 0xe0 && (head[1] & 0x18) !== 0x08 && (head[1] & 0x06) === 0x02) {
    return { mime: 'audio/mpeg', ext: 'mp3', label: 'MP3' };
  }
  if (ascii(head, 0, 5) === '%PDF-') return { mime: 'application/pdf', ext: 'pdf', label: 'PDF' };
  return null;
}
