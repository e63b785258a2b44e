Feature: Expiry of stored messages
  Rows past their exp_time are deleted silently every clean_period housekeeping runs
  (msilo 5.6 §3.21-3.24) and never delivered afterwards.

  Background:
    Given the server stores offline messages
    And the msilo parameter "check_time" is 1
    And the msilo parameter "clean_period" is 2

  @MSILO-B-expire-clean @MSILO-P-clean_period @MSILO-B-store-expires-header
  Scenario: A message stored with Expires 2 is purged and never delivered
    Given the msilo parameter "expire_time" is 3600
    And alice sends a MESSAGE to bob with body "short-lived" and an Expires header of 2
    When 6 seconds pass
    Then the silo table has 0 rows for bob
    When bob registers
    Then bob receives no MESSAGE within 1500 ms

  # expire_time 60 is not the Kamailio profile's value: this one runs on the virtual clock.
  @MSILO-B-expire-clean @MSILO-P-expire_time
  Scenario: A message older than expire_time is purged
    Given the msilo parameter "expire_time" is 60
    And alice sends a MESSAGE to bob with body "one minute"
    When 59 seconds pass
    Then the silo table has 1 row for bob
    When 6 seconds pass
    Then the silo table has 0 rows for bob
