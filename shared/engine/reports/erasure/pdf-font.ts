// The report font: DejaVu Sans from the @fontsource/dejavu-sans package, so
// the PDF embeds a font that covers French and most scripts, from files the
// project ships (node_modules), never from the machine's own fonts.
//
// The package ships WOFF and WOFF2 only. pdfkit's font engine (fontkit) reads
// both, but subsetting a WOFF2 font crashes on composite glyphs (fontkit 2),
// so the WOFF files are used; despite their "latin" name they hold the whole
// DejaVu Sans character set.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface ReportFonts {
  regular: string;
  bold: string;
}

export function reportFonts(): ReportFonts {
  return {
    regular: require.resolve('@fontsource/dejavu-sans/files/dejavu-sans-latin-400-normal.woff'),
    bold: require.resolve('@fontsource/dejavu-sans/files/dejavu-sans-latin-700-normal.woff'),
  };
}
