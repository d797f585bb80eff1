// QIDO-RS attribute sets and matching for the embedded server (the subset OHIF's study list and viewer use).
import { element, firstString, toDicomJson } from './dicomJson.mjs';

const copy = (dataset, tags) =>
  toDicomJson(Object.fromEntries(tags.filter((t) => dataset[t]).map((t) => [t, dataset[t]])));

const STUDY_TAGS = ['00080005', '00080020', '00080030', '00080050', '00080090', '00100010', '00100020', '00100030',
  '00100040', '0020000D', '00200010', '00081030'];
const SERIES_TAGS = ['00080005', '00080021', '00080031', '00080060', '0008103E', '0020000D', '0020000E', '00200011'];
const INSTANCE_TAGS = ['00080005', '00080016', '00080018', '0020000D', '0020000E', '00200013', '00280008', '00280010',
  '00280011'];

function sortedSeries(study) {
  return [...study.series.values()].sort(
    (a, b) => Number(firstString(a.dataset, '00200011') || 0) - Number(firstString(b.dataset, '00200011') || 0),
  );
}

export function studyJson(study) {
  const series = sortedSeries(study);
  const modalities = [...new Set(series.map((s) => firstString(s.dataset, '00080060')).filter(Boolean))];
  const instances = series.reduce((n, s) => n + s.instances.size, 0);
  return {
    ...copy(study.dataset, STUDY_TAGS),
    '00080061': element('CS', modalities),
    '00201206': element('IS', series.length),
    '00201208': element('IS', instances),
  };
}

export function seriesJson(series) {
  return { ...copy(series.dataset, SERIES_TAGS), '00201209': element('IS', series.instances.size) };
}

export function instanceJson(instance) {
  return copy(instance.dataset, INSTANCE_TAGS);
}

export { sortedSeries };

/** Longer patterns are refused as no match: no name or ID in a study list is this long. */
const MAX_PATTERN_LENGTH = 256;

/**
 * DICOM wildcard match (`*` any run, `?` one character), case-insensitive as most PACS do for names. Greedy with
 * one backtrack point (the last `*`), so O(value × pattern) at worst: a pattern such as `************Z` cannot
 * stall the server the way a backtracking regular expression does.
 */
export function matchesPattern(value, pattern) {
  if (!pattern || pattern === '*') return true;
  if (pattern.length > MAX_PATTERN_LENGTH) return false;
  const text = String(value ?? '').toLowerCase();
  const wanted = pattern.toLowerCase();
  let t = 0;
  let p = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (t < text.length) {
    if (p < wanted.length && (wanted[p] === '?' || (wanted[p] !== '*' && wanted[p] === text[t]))) {
      t += 1;
      p += 1;
    } else if (p < wanted.length && wanted[p] === '*') {
      starAt = p;
      resumeAt = t;
      p += 1;
    } else if (starAt >= 0) {
      p = starAt + 1;
      resumeAt += 1;
      t = resumeAt;
    } else return false;
  }
  while (p < wanted.length && wanted[p] === '*') p += 1;
  return p === wanted.length;
}

/** YYYYMMDD, YYYYMMDD-, -YYYYMMDD or YYYYMMDD-YYYYMMDD. */
export function matchesDateRange(value, range) {
  if (!range) return true;
  if (!range.includes('-')) return value === range;
  const [from, to] = range.split('-');
  return (!from || value >= from) && (!to || value <= to);
}

/** QIDO keys OHIF sends (keyword or tag form) -> how to test a study. */
const STUDY_FILTERS = {
  studyinstanceuid: (study, v) => v.split(/[,\\]/).includes(study.uid),
  '0020000d': (study, v) => v.split(/[,\\]/).includes(study.uid),
  patientname: (study, v) => matchesPattern(firstString(study.dataset, '00100010'), v),
  '00100010': (study, v) => matchesPattern(firstString(study.dataset, '00100010'), v),
  patientid: (study, v) => matchesPattern(firstString(study.dataset, '00100020'), v),
  '00100020': (study, v) => matchesPattern(firstString(study.dataset, '00100020'), v),
  accessionnumber: (study, v) => matchesPattern(firstString(study.dataset, '00080050'), v),
  '00080050': (study, v) => matchesPattern(firstString(study.dataset, '00080050'), v),
  studydescription: (study, v) => matchesPattern(firstString(study.dataset, '00081030'), v),
  '00081030': (study, v) => matchesPattern(firstString(study.dataset, '00081030'), v),
  studydate: (study, v) => matchesDateRange(firstString(study.dataset, '00080020'), v),
  '00080020': (study, v) => matchesDateRange(firstString(study.dataset, '00080020'), v),
  modalitiesinstudy: (study, v) =>
    sortedSeries(study).some((s) => v.split(/[,\\]/).some((m) => matchesPattern(firstString(s.dataset, '00080060'), m))),
  '00080061': (study, v) =>
    sortedSeries(study).some((s) => v.split(/[,\\]/).some((m) => matchesPattern(firstString(s.dataset, '00080060'), m))),
};

export function filterStudies(studies, searchParams) {
  let result = [...studies.values()];
  for (const [key, value] of searchParams) {
    // Own keys only: "__proto__" or "constructor" in a query must not reach Object.prototype.
    const name = key.toLowerCase();
    const test = Object.hasOwn(STUDY_FILTERS, name) ? STUDY_FILTERS[name] : undefined;
    if (test && value !== '') result = result.filter((study) => test(study, value));
  }
  result.sort((a, b) => firstString(b.dataset, '00080020').localeCompare(firstString(a.dataset, '00080020')));
  const offset = Number(searchParams.get('offset')) || 0;
  const limit = Number(searchParams.get('limit')) || result.length;
  return result.slice(offset, offset + limit);
}
