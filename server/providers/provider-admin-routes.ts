import { Router, type Request, type Response } from 'express';
import { NotFoundError, ValidationError } from '../errors/app-errors.ts';
import { signedInUser } from '../web/current-user.ts';
import { csrfProtection } from '../web/session.ts';
import { placeAddressLine } from '../offers/offer-details-view.ts';
import { GEO_PRECISIONS } from '../offers/offer-types.ts';
import { townOptions } from './place-input.ts';
import { addLocation, createProvider, deleteLocation, deleteProvider, updateProvider, type ProviderAdminDeps } from './provider-admin-service.ts';
import { findProviderById, listLocationsOfProvider } from './provider-repository.ts';


function id(request: Request): number {
  const value = Number(request.params.id);
  if (!Number.isInteger(value) || value <= 0) throw new NotFoundError();
  return value;
}

export function createProviderAdminRouter(deps: ProviderAdminDeps): Router {
  const router = Router();
  const t = (response: Response) => response.locals.t;
  const staff = (response: Response) => signedInUser(response);
  const kinds = (response: Response, selected?: string) =>
    deps.taxonomy.terms('provider-kind').map((term) => ({ value: term.slug, label: deps.taxonomy.label('provider-kind', term.slug, response.locals.lang), selected: term.slug === selected }));
  const fieldErrors = (response: Response, error: ValidationError) => Object.fromEntries(Object.entries(error.fields).map(([field, key]) => [field, t(response)(key)]));


  const renderList = async (response: Response, extra: Record<string, unknown> = {}) => {
    const providers = await deps.db('providers')
      .leftJoin('offers', 'offers.provider_id', 'providers.id')
      .groupBy('providers.id')
      .orderBy('providers.name')
      .select('providers.id', 'providers.name', 'providers.kind')
      .count({ offers: 'offers.id' });
    response.render('admin/providers', { title: t(response)('providers.title'), providers, kinds: kinds(response, (extra.values as { kind?: string } | undefined)?.kind), values: {}, ...extra });
  };
  const renderProvider = async (response: Response, providerId: number, extra: Record<string, unknown> = {}) => {
    const provider = await findProviderById(deps.db, providerId);
    if (!provider) throw new NotFoundError('errors.providerNotFound');
    const locations = await listLocationsOfProvider(deps.db, providerId);
    const translate = t(response);
    const chosenPrecision = String((extra.locationValues as { precision?: unknown } | undefined)?.precision ?? '');
    response.render('admin/provider-edit', {
      title: provider.name,
      provider,
      values: provider,
      kinds: kinds(response, provider.kind),
      locations: locations.map((location) => ({
        ...location,
        address: placeAddressLine(location, translate),
        precisionLabel: location.precision === 'exact' ? null : translate(`offer.precision.${location.precision}`),
      })),
      precisionOptions: [
        { value: '', label: translate('providers.precisionDerived'), selected: chosenPrecision === '' },
        ...GEO_PRECISIONS.map((value) => ({ value, label: translate(`providers.precisionOption.${value}`), selected: chosenPrecision === value })),
      ],
      districts: townOptions(deps.region, ''),
      locationValues: {},
      usesMap: true,
      scripts: ['/static/js/location-picker.js'],
      ...extra,
    });
  };

  router.get('/admin/providers', (_request, response) => renderList(response));
  router.post('/admin/providers', csrfProtection, async (request, response) => {
    try {
      const providerId = await createProvider(deps, staff(response), request.body);
      response.redirect(303, `/admin/providers/${providerId}`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      response.status(400);
      await renderList(response, { values: request.body, errors: fieldErrors(response, error), formError: t(response)('errors.validation') });
    }
  });
  router.get('/admin/providers/:id', (request, response) => renderProvider(response, id(request)));
  router.post('/admin/providers/:id', csrfProtection, async (request, response) => {
    try {
      await updateProvider(deps, staff(response), id(request), request.body);
      response.redirect(303, `/admin/providers/${id(request)}`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      response.status(400);
      await renderProvider(response, id(request), { values: request.body, errors: fieldErrors(response, error), formError: t(response)('errors.validation') });
    }
  });
  router.post('/admin/providers/:id/delete', csrfProtection, async (request, response) => {
    await deleteProvider(deps, staff(response), id(request));
    response.redirect(303, '/admin/providers');
  });
  router.post('/admin/providers/:id/locations', csrfProtection, async (request, response) => {
    try {
      await addLocation(deps, staff(response), id(request), request.body);
      response.redirect(303, `/admin/providers/${id(request)}`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      response.status(400);
      await renderProvider(response, id(request), { locationValues: request.body, locationErrors: fieldErrors(response, error), locationFormError: t(response)('errors.validation') });
    }
  });
  router.post('/admin/locations/:id/delete', csrfProtection, async (request, response) => {
    const providerId = await deleteLocation(deps, staff(response), id(request));
    response.redirect(303, `/admin/providers/${providerId}`);
  });
  return router;
}
