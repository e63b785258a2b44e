Feature: Silo column names come from the sc_* parameters
  Each sc_* parameter names one column of the silo table (msilo 5.6/6.1 §3.3-§3.15); storing,
  dumping, deleting and expiring use the configured names. Here every column msilo 5.6 knows is
  renamed, the server runs with those names, and each scenario reads the renamed column and checks
  that the behaviour behind it still works. use_mode and sc_callid exist from Kamailio 6.1 on.

  Background:
    Given the server stores offline messages
    And the msilo parameter "check_time" is 1
    And the msilo parameter "clean_period" is 2
    And the msilo parameter "expire_time" is 3600
    And the msilo parameter "add_date" is 0
    And the msilo parameter "add_contact" is 0
    And the silo table's columns are renamed:
      | parameter      | column        |
      | sc_mid         | msg_id        |
      | sc_from        | sender_uri    |
      | sc_to          | recipient_uri |
      | sc_uri_user    | owner_user    |
      | sc_uri_host    | owner_host    |
      | sc_body        | payload       |
      | sc_ctype       | payload_type  |
      | sc_exp_time    | expires_at    |
      | sc_inc_time    | received_at   |
      | sc_snd_time    | remind_at     |
      | sc_stored_hdrs | saved_headers |

  # The id keys the deletion after a 2xx: with a wrong name the delivered rows would stay.
  @MSILO-P-sc_mid
  Scenario: sc_mid names the message id column, which numbers the rows and keys their deletion
    Given alice sends a MESSAGE to bob with body "first"
    And alice sends a MESSAGE to bob with body "second"
    Then bob's silo rows have increasing values in the column "msg_id"
    When bob registers
    Then bob receives the MESSAGEs from alice with the bodies "first" and "second"
    When 3 seconds pass
    Then the silo table has 0 rows for bob

  @MSILO-P-sc_from
  Scenario: sc_from names the column holding the sender's From URI, which the dump sends from
    When alice sends a MESSAGE to bob with body "from whom?"
    Then the response status is 202
    And bob's silo row has the column "sender_uri" set to "sip:<alice>@<domain>"
    When bob registers
    Then bob receives the MESSAGE from alice with body "from whom?"

  @MSILO-P-sc_to
  Scenario: sc_to names the column holding the To URI, which the dump is addressed to
    When alice sends a MESSAGE to bob with body "to whom?"
    Then the response status is 202
    And bob's silo row has the column "recipient_uri" set to "sip:<bob>@<domain>"
    When bob registers
    Then bob receives the MESSAGE from alice with body "to whom?"
    And the delivered MESSAGE is addressed to bob

  @MSILO-P-sc_uri_user @MSILO-P-sc_uri_host
  Scenario: sc_uri_user and sc_uri_host name the owner columns the dump selects by
    When alice sends a MESSAGE to bob with body "whose is it?"
    Then the response status is 202
    And bob's silo row has the column "owner_user" set to "<bob>"
    And bob's silo row has the column "owner_host" set to "<domain>"
    When bob registers
    Then bob receives the MESSAGE from alice with body "whose is it?"

  @MSILO-P-sc_body
  Scenario: sc_body names the column holding the body, which the dump sends
    When alice sends a MESSAGE to bob with body "the payload"
    Then the response status is 202
    And bob's silo row has the column "payload" set to "the payload"
    When bob registers
    Then bob receives the MESSAGE from alice with body "the payload"

  @MSILO-P-sc_ctype
  Scenario: sc_ctype names the column holding the content type, which the dump sends
    When alice sends a MESSAGE to bob with body "{\"n\":1}" and content type "application/json"
    Then the response status is 202
    And bob's silo row has the column "payload_type" set to "application/json"
    When bob registers
    Then bob receives the MESSAGE from alice with body "{\"n\":1}"
    And the delivered MESSAGE has the Content-Type "application/json"

  # Expires: 2 shortens the lifetime (MSILO-B-store-expires-header); clean_period 2 x check_time 1
  # runs the expiry sweep every 2 s, which must find the row by its renamed column.
  @MSILO-P-sc_exp_time
  Scenario: sc_exp_time names the expiry column the expiry sweep deletes by
    When alice sends a MESSAGE to bob with body "short-lived" and an Expires header of 2
    Then the response status is 202
    And bob's silo row has the column "expires_at" 2 seconds after the column "received_at"
    When 5 seconds pass
    Then the silo table has 0 rows for bob

  @MSILO-P-sc_inc_time
  Scenario: sc_inc_time names the column holding the arrival time
    When alice sends a MESSAGE to bob with body "when did it come?"
    Then the response status is 202
    And bob's silo row has the arrival time in the column "received_at"
    And bob's silo row has the column "expires_at" 3600 seconds after the column "received_at"

  # m_dump selects the rows whose reminder time is 0, by the sc_snd_time column.
  @MSILO-P-sc_snd_time
  Scenario: sc_snd_time names the reminder-time column, 0 for an ordinary message, that the dump selects by
    When alice sends a MESSAGE to bob with body "no reminder"
    Then the response status is 202
    And bob's silo row has the column "remind_at" set to "0"
    When bob registers
    Then bob receives the MESSAGE from alice with body "no reminder"

  @MSILO-P-sc_stored_hdrs
  Scenario: sc_stored_hdrs names the column holding the kept header lines, which the dump replays
    When alice sends a MESSAGE to bob with body "with a header" and the headers:
      | name     | value  |
      | X-Custom | keepme |
    Then the response status is 202
    And bob's silo row has the column "saved_headers" set to "X-Custom: keepme\r\n"
    When bob registers
    Then bob receives the MESSAGE from alice with body "with a header"
    And the delivered MESSAGE has the header "X-Custom" with the value "keepme"

  # Kamailio 6.1: use_mode bit 1 keeps the Call-ID of the incoming MESSAGE (in the sc_callid column)
  # and reuses it for the dumped MESSAGE.
  @MSILO-P-sc_callid
  Scenario: sc_callid names the column holding the original Call-ID when use_mode keeps it
    Given the msilo parameter "use_mode" is 1
    And the silo table's columns are renamed:
      | parameter | column          |
      | sc_callid | original_callid |
    When alice sends a MESSAGE to bob with body "remember my Call-ID"
    Then the response status is 202
    And bob's silo row has the Call-ID of alice's MESSAGE in the column "original_callid"

  @MSILO-P-use_mode
  Scenario: With use_mode 1 the dumped MESSAGE has the Call-ID of the original MESSAGE
    Given the msilo parameter "use_mode" is 1
    And alice sends a MESSAGE to bob with body "same Call-ID"
    When bob registers
    Then bob receives the MESSAGE from alice with body "same Call-ID"
    And the delivered MESSAGE has the Call-ID of alice's MESSAGE
