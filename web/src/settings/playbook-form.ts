import type { Answer } from '../api/types';

/** A stage's playbook as `GET /lifecycle/playbooks` answers it. */
export type PlaybookJson = Answer<'/lifecycle/playbooks'>['data'][number];

/** The editor's fields: texts as typed. */
export interface PlaybookForm {
  adviceEn: string;
  adviceZh: string;
  tasks: { titleEn: string; titleZh: string; dueInDays: string }[];
  addTags: string;
  removeTags: string;
}

export function playbookForm(playbook: PlaybookJson): PlaybookForm {
  return {
    adviceEn: playbook.advice?.en ?? '',
    adviceZh: playbook.advice?.['zh-CN'] ?? '',
    tasks: playbook.tasks.map(({ title, dueInDays }) => ({
      titleEn: typeof title === 'string' ? title : title.en,
      titleZh: typeof title === 'string' ? title : title['zh-CN'],
      dueInDays: String(dueInDays),
    })),
    addTags: playbook.addTags.join(', '),
    removeTags: playbook.removeTags.join(', '),
  };
}

const tags = (text: string) =>
  text
    .split(/[,，]/)
    .map((tag) => tag.trim())
    .filter(Boolean);

const title = (en: string, zh: string) => {
  const [a, b] = [en.trim(), zh.trim()];
  // One language left empty: the other serves both, as the API allows a single title.
  if (!a || !b || a === b) return a || b;
  return { en: a, 'zh-CN': b };
};

/**
 * The body of `PUT /lifecycle/playbooks/:stage`. Advice with both languages empty is none; a number
 * of days that is not a whole number is sent as typed, for the server to name the field.
 */
export function playbookDocument(form: PlaybookForm) {
  const [en, zh] = [form.adviceEn.trim(), form.adviceZh.trim()];
  return {
    advice: en || zh ? { en, 'zh-CN': zh } : null,
    tasks: form.tasks.map((task) => {
      const days = task.dueInDays.trim();
      return {
        title: title(task.titleEn, task.titleZh),
        dueInDays: /^\d+$/.test(days) ? Number(days) : days,
      };
    }),
    addTags: tags(form.addTags),
    removeTags: tags(form.removeTags),
  };
}
