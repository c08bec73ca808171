import { PDFDocument, StandardFonts } from "pdf-lib";

/**
 * Small files that are not annexes although they print a code or two, as a user may pass by mistake:
 * each must be refused with `no process table found`, and no folder written. All invented.
 */

const encode = (text: string) => new TextEncoder().encode(text);

/** 12 bytes: one code and one word, tab-separated. */
export const tinyText = (): Uint8Array => encode("A1\tFunzione\n");

/** 86 bytes: an HTML table of one cell. */
export const oneCellHtml = (): Uint8Array =>
  encode("<html><body><table><tr><td>A1.1 Gestione di protocollo</td></tr></table></body></html>");

async function pdfOf(lines: readonly string[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const lineHeight = 14;
  const perPage = 50;
  for (let start = 0; start < lines.length; start += perPage) {
    const page = pdf.addPage([595, 842]);
    lines.slice(start, start + perPage).forEach((line, i) => {
      page.drawText(line, { x: 56, y: 790 - i * lineHeight, size: 10, font });
    });
  }
  return pdf.save({ useObjectStreams: false });
}

/** A PDF of one line, which starts with a sub-process code. */
export const oneLinePdf = (): Promise<Uint8Array> => pdfOf(["A1.1.1 Gestione del protocollo informatico"]);

/**
 * A short academic paper: title, authors, abstract, numbered sections, and the codes of a process
 * model cited in the text and heading an appendix table, as papers on the chambers' processes do.
 */
export const PAPER_LINES = [
  "La mappatura dei processi nelle Camere di commercio: un'analisi empirica",
  "Giulia Ferri, Marco Santini",
  "Dipartimento di Economia, Universita' degli Studi",
  "Sommario",
  "Questo lavoro analizza l'adozione della mappa dei processi da parte delle Camere di commercio",
  "italiane tra il 2015 e il 2019, con attenzione alla funzione A (organi istituzionali) e al",
  "macro-processo A1 del modello nazionale. I risultati mostrano una forte eterogeneita'.",
  "1 Introduzione",
  "La riforma del sistema camerale ha imposto a ogni ente la pubblicazione della propria mappa",
  "dei processi. Il modello distingue funzioni, macro-processi, processi e sotto-processi, e per",
  "ciascuno elenca le azioni svolte. In questo studio consideriamo in particolare il processo",
  "A1.1, relativo alla pianificazione, e il sotto-processo A1.1.2 del ciclo della performance.",
  "2 Dati e metodo",
  "Abbiamo raccolto 62 allegati pubblicati sui siti istituzionali e ne abbiamo confrontato la",
  "struttura con il modello di riferimento, contando per ogni ente le azioni dichiarate.",
  "2.1 Fonti",
  "Gli allegati sono stati scaricati nel marzo 2020; per 9 enti era disponibile solo una scansione.",
  "3 Risultati",
  "Il numero medio di azioni per sotto-processo e' pari a 3,4 (deviazione standard 1,9). Gli enti",
  "di minori dimensioni accorpano spesso piu' sotto-processi in un'unica voce.",
  "4 Conclusioni",
  "La mappa dei processi e' uno strumento utile ma applicato in modo disomogeneo; suggeriamo di",
  "accompagnarla con indicatori comuni di volume e di tempo.",
  "Appendice",
  "A1 Tabella riassuntiva degli enti considerati",
  "B2 Elenco delle variabili",
  "Riferimenti bibliografici",
  "Rossi, P. (2016). La riforma delle Camere di commercio. Rivista di diritto pubblico, 12(3), 45-67.",
  "Bianchi, L. (2018). Processi e performance negli enti pubblici. Milano: Franco Angeli.",
] as const;

export const paperLikePdf = (): Promise<Uint8Array> => pdfOf(PAPER_LINES);

/** The same paper as the plain text a PDF viewer's copy gives. */
export const paperLikeText = (): Uint8Array => encode(`${PAPER_LINES.join("\n")}\n`);
