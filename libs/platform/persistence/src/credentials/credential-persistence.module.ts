import { Module } from '@nestjs/common';
import { CredentialStore } from './credential.store';

/** The credential lookups of the authentication guard. */
@Module({ providers: [CredentialStore], exports: [CredentialStore] })
export class CredentialPersistenceModule {}
