Feature: Delivering stored MESSAGEs when the user registers
  After save() answers a REGISTER, m_dump sends each stored message of the To owner as a new
  MESSAGE (msilo 5.6 §4.2); a row goes only once its MESSAGE got a 2xx, at the next check_time run.

  Background:
    Given the server stores offline messages
    And the msilo parameter "check_time" is 1
    And the msilo parameter "clean_period" is 2
    And the msilo parameter "expire_time" is 3600
    And the msilo parameter "add_date" is 0
    And the msilo parameter "add_contact" is 0

  @MSILO-F-m_dump @MSILO-B-dump-addressing @MSILO-B-dump-headers @MSILO-RFC3428-no-dialog @MSILO-RFC3428-no-contact @MSILO-P-add_contact @MSILO-P-add_date
  Scenario: A registering user receives the stored message from its original sender
    Given alice sends a MESSAGE to bob with body "Hello Bob 1"
    When bob registers
    Then the response status is 200
    And bob receives the MESSAGE from alice with body "Hello Bob 1"
    And the delivered MESSAGE is addressed to bob
    And the delivered MESSAGE has a From tag
    And the delivered MESSAGE has the Content-Type "text/plain"
    And the delivered MESSAGE has a Date header
    And the delivered MESSAGE has no Contact header

  @MSILO-RFC3428-body @MSILO-B-dump-body @MSILO-B-store-ctype
  Scenario: A non-text body is delivered byte for byte with its content type
    Given alice sends a MESSAGE to bob with body "{\"text\":\"hi\",\"n\":1}" and content type "application/json"
    When bob registers
    Then bob receives the MESSAGE from alice with body "{\"text\":\"hi\",\"n\":1}"
    And the delivered MESSAGE has the Content-Type "application/json"

  @MSILO-B-dump-2xx-delete @MSILO-P-check_time
  Scenario: A message answered 200 leaves the silo table at the next housekeeping run
    Given alice sends a MESSAGE to bob with body "delete me"
    When bob registers
    Then bob receives the MESSAGE from alice with body "delete me"
    When 3 seconds pass
    Then the silo table has 0 rows for bob

  # Needs a check_time long enough to look at the table before the run: virtual clock only.
  @MSILO-B-dump-2xx-delete @MSILO-P-check_time
  Scenario: A delivered message stays in the table until the housekeeping run
    Given the msilo parameter "check_time" is 30
    And alice sends a MESSAGE to bob with body "not yet"
    When bob registers
    Then bob receives the MESSAGE from alice with body "not yet"
    And the silo table has 1 row for bob
    When 31 seconds pass
    Then the silo table has 0 rows for bob

  @MSILO-B-dump-failure-retain
  Scenario: A message the UA rejects stays stored and comes again on the next REGISTER
    Given bob's phones answer MESSAGE with 480
    And alice sends a MESSAGE to bob with body "try again"
    When bob registers
    Then bob receives the MESSAGE from alice with body "try again"
    When 3 seconds pass
    Then the silo table has 1 row for bob
    Given bob's phones answer MESSAGE with 200
    When bob registers
    Then bob receives the MESSAGE from alice with body "try again"
    When 3 seconds pass
    Then the silo table has 0 rows for bob

  @MSILO-B-dump-eligibility
  Scenario: A REGISTER with Expires 0 delivers nothing
    Given alice sends a MESSAGE to bob with body "not now"
    When bob registers with Expires 0
    Then the response status is 200
    And bob receives no MESSAGE within 1500 ms
    And the silo table has 1 row for bob

  @MSILO-B-dump-eligibility
  Scenario: A contact whose Allow lacks MESSAGE gets nothing
    Given bob's phones allow only "INVITE, ACK, BYE"
    And alice sends a MESSAGE to bob with body "cannot take it"
    When bob registers
    Then the response status is 200
    And bob receives no MESSAGE within 1500 ms
    And the silo table has 1 row for bob

  @MSILO-B-dump-eligibility
  Scenario: A contact whose Allow lists MESSAGE gets the stored message
    Given bob's phones allow only "INVITE, ACK, BYE, MESSAGE"
    And alice sends a MESSAGE to bob with body "you can take it"
    When bob registers
    Then bob receives the MESSAGE from alice with body "you can take it"

  @MSILO-B-dump-owner
  Scenario: A REGISTER delivers only the registering user's own messages
    Given alice sends a MESSAGE to carol with body "for carol"
    When bob registers
    Then bob receives no MESSAGE within 1500 ms
    And the silo table has 1 row for carol
