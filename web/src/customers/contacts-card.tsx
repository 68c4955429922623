import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import type { Contact } from '../api/types';
import { useWorkspace } from '../api/use-workspace';
import { Card } from '../components/card';
import { Field } from '../components/field';
import { FormActions } from '../components/form-actions';
import { Empty, QueryState } from '../components/states';
import { useRecordForm } from '../components/use-record-form';
import {
  type ContactFormValues,
  contactBody,
  contactValues,
  emptyContact,
  sortContacts,
} from './contact-form';
import { displayPhone, isMasked } from './phone-display';

const contactsKey = (customerId: string) => ['contacts', customerId];

/** The people to speak to at an organisation: who they are, how to reach them, who comes first. */
export function ContactsCard({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const region = useWorkspace().data?.phoneRegion;
  const [editing, setEditing] = useState<Contact | 'new' | null>(null);
  const contacts = useQuery({
    queryKey: contactsKey(customerId),
    queryFn: ({ signal }) =>
      ok(
        api.GET('/customers/{customerId}/contacts', {
          params: { path: { customerId }, query: { limit: 100 } },
          signal,
        }),
      ),
    select: (page) => sortContacts(page.data, i18n.language),
  });
  return (
    <Card
      title={t('contacts.title')}
      actions={
        editing === null && (
          <button type="button" className="button" onClick={() => setEditing('new')}>
            {t('contacts.add')}
          </button>
        )
      }
    >
      {editing === 'new' && <ContactForm customerId={customerId} onDone={() => setEditing(null)} />}
      <QueryState query={contacts}>
        {(list) =>
          list.length === 0 ? (
            editing !== 'new' && <Empty>{t('contacts.empty')}</Empty>
          ) : (
            <ul className="contact-list">
              {list.map((contact) =>
                editing !== null && editing !== 'new' && editing.id === contact.id ? (
                  <li key={contact.id}>
                    <ContactForm customerId={customerId} contact={contact} onDone={() => setEditing(null)} />
                  </li>
                ) : (
                  <li key={contact.id}>
                    <div className="contact-head">
                      <strong>{contact.name}</strong>
                      {contact.title && <span className="muted">{contact.title}</span>}
                      {contact.isPrimary && <span className="tag">{t('contacts.primary')}</span>}
                      {editing === null && (
                        <button
                          type="button"
                          className="button button-small"
                          onClick={() => setEditing(contact)}
                          aria-label={t('contacts.editNamed', { name: contact.name })}
                        >
                          {t('common.edit')}
                        </button>
                      )}
                    </div>
                    <div className="contact-ways">
                      {contact.phones.map((p) => {
                        const phone = displayPhone(p, region);
                        return phone.href ? (
                          <a key={p} href={phone.href}>
                            {phone.text}
                          </a>
                        ) : (
                          <span key={p}>{phone.text}</span>
                        );
                      })}
                      {contact.emails.map((e) =>
                        isMasked(e) ? (
                          <span key={e}>{e}</span>
                        ) : (
                          <a key={e} href={`mailto:${e}`}>
                            {e}
                          </a>
                        ),
                      )}
                    </div>
                  </li>
                ),
              )}
            </ul>
          )
        }
      </QueryState>
    </Card>
  );
}

function ContactForm({
  customerId,
  contact,
  onDone,
}: {
  customerId: string;
  contact?: Contact;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState<ContactFormValues>(() =>
    contact ? contactValues(contact) : emptyContact,
  );
  const { errors, submit, actions } = useRecordForm({
    save: () =>
      contact
        ? api.PATCH('/contacts/{id}', {
            params: { path: { id: contact.id } },
            body: contactBody(values),
            headers: { 'if-match': `"${contact.version}"` },
          })
        : api.POST('/customers/{customerId}/contacts', {
            params: { path: { customerId } },
            body: contactBody(values),
          }),
    remove: contact && {
      label: t('contacts.remove'),
      send: () =>
        api.DELETE('/contacts/{id}', {
          params: { path: { id: contact.id } },
          headers: { 'if-match': `"${contact.version}"` },
        }),
    },
    shownIn: [contactsKey(customerId)],
    onDone,
  });
  const input = (key: 'name' | 'title' | 'phones' | 'emails', hint?: string) => (
    <Field label={t(`contacts.${key === 'title' ? 'jobTitle' : key}`)} error={errors[key]} hint={hint}>
      <input value={values[key]} onChange={(e) => setValues({ ...values, [key]: e.target.value })} />
    </Field>
  );
  return (
    <form
      className="form-grid"
      onSubmit={submit}
      noValidate
      aria-label={contact ? t('contacts.editNamed', { name: contact.name }) : t('contacts.add')}
    >
      {input('name')}
      {input('title')}
      {input('phones', t('customer.listHint'))}
      {input('emails', t('customer.listHint'))}
      <label className="checkbox form-wide">
        <input
          type="checkbox"
          checked={values.isPrimary}
          onChange={(e) => setValues({ ...values, isPrimary: e.target.checked })}
        />
        {t('contacts.isPrimary')}
      </label>
      <FormActions {...actions} onCancel={onDone} />
    </form>
  );
}
