import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import type { RequestBody } from '../api/types';
import { Card } from '../components/card';
import { Field } from '../components/field';
import { FormActions } from '../components/form-actions';
import { useFormSave } from '../components/use-form-save';
import { SurveySender } from './survey-sender';
import { TicketTable } from './ticket-table';
import { useTicketRouting } from './use-ticket-routing';

const KINDS = ['complaint', 'inquiry', 'repair', 'suggestion'] as const;
const CHANNELS = ['phone', 'email', 'web', 'chat', 'visit', 'other'] as const;
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

/** The Service tab of a customer: their tickets, a new one opened from here, and a relationship survey. */
export function CustomerTicketsCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  return (
    <Card
      title={t('service.customerTickets')}
      actions={
        !adding && (
          <button type="button" className="button" onClick={() => setAdding(true)}>
            {t('service.newTicket')}
          </button>
        )
      }
    >
      {adding && <TicketForm customerId={customerId} onDone={() => setAdding(false)} />}
      <TicketTable query={{ customerId }} />
      <RelationshipSurvey customerId={customerId} />
    </Card>
  );
}

/**
 * Asks the customer, in the reader's language, what they expected and got in each area of the desk's
 * survey dimensions: e-mailed where mail is set up and the customer has an address, else a link to pass on.
 */
function RelationshipSurvey({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="relationship-survey">
      <SurveySender
        request={() =>
          ok(
            api.POST('/customers/{id}/surveys', {
              params: { path: { id: customerId } },
              body: { locale: i18n.language === 'zh-CN' ? 'zh-CN' : 'en' },
            }),
          )
        }
        label={t('service.desk.relationshipSurvey')}
      />
    </div>
  );
}

type NewTicket = RequestBody<'/tickets', 'post'>;
/** The new ticket's fields as the form holds them: choices as the API names them, texts as typed. */
interface NewTicketFields {
  kind: NewTicket['kind'];
  channel: NewTicket['channel'];
  priority: NonNullable<NewTicket['priority']>;
  category: string;
  subject: string;
  description: string;
  teamId: string;
  businessLineId: string;
}

function TicketForm({ customerId, onDone }: { customerId: string; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: ['service-settings'],
    queryFn: ({ signal }) => ok(api.GET('/service/settings', { signal })),
  });
  const [form, setForm] = useState<NewTicketFields>({
    kind: 'complaint',
    channel: 'phone',
    priority: 'normal',
    category: '',
    subject: '',
    description: '',
    teamId: '',
    businessLineId: '',
  });
  const routing = useTicketRouting();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const open = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/tickets', {
          headers: { 'idempotency-key': idempotencyKey },
          body: {
            customerId,
            kind: form.kind,
            channel: form.channel,
            priority: form.priority,
            category: form.category || null,
            subject: form.subject,
            description: form.description || null,
            teamId: form.teamId || null,
            businessLineId: form.businessLineId || null,
          },
        }),
      ),
    onSuccess: async (opened) => {
      await queryClient.invalidateQueries({ queryKey: ['tickets'] });
      onDone();
      await navigate({ to: '/tickets/$ticketId', params: { ticketId: opened.id } });
    },
  });
  const { errors, submit, failure } = useFormSave(open);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const choice = (key: 'kind' | 'channel' | 'priority', options: { value: string; label: string }[]) => (
    <Field label={t(`service.${key}`)} error={errors[key]}>
      <select value={form[key]} onChange={set(key)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
  return (
    <form className="form-grid" onSubmit={submit} noValidate aria-label={t('service.newTicket')}>
      <Field label={t('service.subject')} error={errors.subject}>
        <input value={form.subject} onChange={set('subject')} maxLength={200} required />
      </Field>
      {choice(
        'kind',
        KINDS.map((v) => ({ value: v, label: t(`service.kinds.${v}`) })),
      )}
      {choice(
        'channel',
        CHANNELS.map((v) => ({ value: v, label: t(`service.channels.${v}`) })),
      )}
      {choice(
        'priority',
        PRIORITIES.map((v) => ({ value: v, label: t(`service.priorities.${v}`) })),
      )}
      <Field label={t('service.category')} error={errors.category}>
        <select value={form.category} onChange={set('category')}>
          <option value="">{t('common.none')}</option>
          {settings.data?.categories.map((c) => (
            <option key={c.code} value={c.code}>
              {c.names[language]}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('service.routing.team')} error={errors.teamId}>
        <select value={form.teamId} onChange={set('teamId')}>
          <option value="">{t('service.routing.none')}</option>
          {routing.teams.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('service.routing.businessLine')} error={errors.businessLineId}>
        <select value={form.businessLineId} onChange={set('businessLineId')}>
          <option value="">{t('service.routing.none')}</option>
          {routing.lines.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('service.description')} error={errors.description}>
        <textarea value={form.description} onChange={set('description')} rows={3} maxLength={10_000} />
      </Field>
      <FormActions
        failure={failure}
        pending={open.isPending}
        submitLabel={t('service.open')}
        onCancel={onDone}
      />
    </form>
  );
}
