import { CreateFoundation1764320000000 } from './1764320000000-create-foundation';
import { CreateComplaints1764330000000 } from './1764330000000-create-complaints';
import { AddComplaintListIndexes1764330000100 } from './1764330000100-add-complaint-list-indexes';
import { CreateStatisticsRollups1764350000001 } from './1764350000001-create-statistics-rollups';
import { SplitStatisticsRollups1764350000002 } from './1764350000002-split-statistics-rollups';
import { CompactStatisticsHistograms1764350000003 } from './1764350000003-compact-statistics-histograms';
import { CreateEscalationClaims1764340000010 } from './1764340000010-create-escalation-claims';
import { CreateNotifications1764340000020 } from './1764340000020-create-notifications';
import { CreateMailOutbox1764340000030 } from './1764340000030-create-mail-outbox';
import { AddUserTokenVersion1764360000100 } from './1764360000100-add-user-token-version';
import { AddCustomerNotReached1764360000200 } from './1764360000200-add-customer-not-reached';
import { CreateEscalationQuarantine1764360000250 } from './1764360000250-create-escalation-quarantine';
import { AddPersonalDataErasure1764370000000 } from './1764370000000-add-personal-data-erasure';
import { CreatePrivacyRecords1764370000010 } from './1764370000010-create-privacy-records';
import { AddStepAtRiskInstants1764380000000 } from './1764380000000-add-step-at-risk-instants';

/** Every migration, oldest first. Never edit a merged migration: add a new one. */
export const MIGRATIONS = [
  CreateFoundation1764320000000,
  CreateComplaints1764330000000,
  AddComplaintListIndexes1764330000100,
  CreateEscalationClaims1764340000010,
  CreateNotifications1764340000020,
  CreateMailOutbox1764340000030,
  CreateStatisticsRollups1764350000001,
  SplitStatisticsRollups1764350000002,
  CompactStatisticsHistograms1764350000003,
  AddUserTokenVersion1764360000100,
  AddCustomerNotReached1764360000200,
  CreateEscalationQuarantine1764360000250,
  AddPersonalDataErasure1764370000000,
  CreatePrivacyRecords1764370000010,
  AddStepAtRiskInstants1764380000000,
];
