// natural 5 ships no types for the subpath modules we import (to keep start-up light).
declare module "natural/lib/natural/stemmers/porter_stemmer_it.js" {
  const stemmer: { stem(word: string): string; tokenizeAndStem(text: string, keepStops?: boolean): string[] };
  export default stemmer;
}
declare module "natural/lib/natural/util/stopwords_it.js" {
  const stopwords: { words: string[] };
  export default stopwords;
}
declare module "natural/lib/natural/distance/jaro-winkler_distance.js" {
  const jaroWinkler: (a: string, b: string, options?: { ignoreCase?: boolean }) => number;
  export default jaroWinkler;
}
