/** Graded judgements of one query: 2 = what was asked for, 1 = useful but not what was asked. */
export interface JudgedQuery {
  q: string;
  lang?: string;
  relevant?: string[];
  partial?: string[];
  /** The query must find nothing. */
  none?: boolean;
}

export interface QueryScore {
  hitAt1: number;
  recallAt10: number;
  reciprocalRank: number;
  ndcgAt10: number;
}

export interface GroupScore extends QueryScore {
  queries: number;
}

function grades(query: JudgedQuery): Map<string, number> {
  const map = new Map<string, number>();
  for (const key of query.partial ?? []) map.set(key, 1);
  for (const key of query.relevant ?? []) map.set(key, 2);
  return map;
}

function dcg(gains: number[]): number {
  return gains.reduce((sum, gain, index) => sum + (2 ** gain - 1) / Math.log2(index + 2), 0);
}

/**
 * Scores one ranked answer. For a query that must find nothing, every measure is
 * 1 when the answer is empty and 0 otherwise. Recall counts only grade-2 offers;
 * hit@1 and the reciprocal rank count any judged offer.
 */
export function scoreQuery(query: JudgedQuery, ranked: string[]): QueryScore {
  if (query.none) {
    const empty = ranked.length === 0 ? 1 : 0;
    return { hitAt1: empty, recallAt10: empty, reciprocalRank: empty, ndcgAt10: empty };
  }
  const judged = grades(query);
  const top = ranked.slice(0, 10);
  const must = query.relevant ?? [];
  const firstHit = top.findIndex((key) => (judged.get(key) ?? 0) > 0);
  const ideal = [...judged.values()].sort((a, b) => b - a).slice(0, 10);
  const idealDcg = dcg(ideal);
  return {
    hitAt1: top.length > 0 && judged.get(top[0]!) === 2 ? 1 : 0,
    recallAt10: must.length === 0 ? 1 : must.filter((key) => top.includes(key)).length / must.length,
    reciprocalRank: firstHit < 0 ? 0 : 1 / (firstHit + 1),
    ndcgAt10: idealDcg === 0 ? 0 : dcg(top.map((key) => judged.get(key) ?? 0)) / idealDcg,
  };
}

/** The mean of each measure over a group's queries. */
export function meanScore(scores: QueryScore[]): GroupScore {
  const mean = (pick: (score: QueryScore) => number) => (scores.length === 0 ? 0 : scores.reduce((sum, score) => sum + pick(score), 0) / scores.length);
  return {
    queries: scores.length,
    hitAt1: mean((score) => score.hitAt1),
    recallAt10: mean((score) => score.recallAt10),
    reciprocalRank: mean((score) => score.reciprocalRank),
    ndcgAt10: mean((score) => score.ndcgAt10),
  };
}
