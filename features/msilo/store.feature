Feature: Storing MESSAGEs for users who cannot take them
  A MESSAGE for a local user with no binding is kept in the silo table and the sender gets 202
  Accepted (msilo 5.6 §4.1 m_store and its sample script; RFC 3428 §7). Every scenario declares the
  msilo values it relies on; they are the ones the Kamailio profile runs with.

  Background:
    Given the server stores offline messages
    And the msilo parameter "check_time" is 1
    And the msilo parameter "clean_period" is 2
    And the msilo parameter "expire_time" is 3600
    And the msilo parameter "max_messages" is 0

  @MSILO-F-m_store @MSILO-B-store-result @MSILO-RFC3428-202 @MSILO-B-store-fields @MSILO-DB-silo @MSILO-P-db_table
  Scenario: A MESSAGE for an unregistered user is accepted with 202 and stored in the silo table
    When alice sends a MESSAGE to bob with body "Hello Bob 1"
    Then the response status is 202
    And the silo table has 1 row for bob
    And bob's silo row has src_addr "sip:<alice>@<domain>"
    And bob's silo row has dst_addr "sip:<bob>@<domain>"
    And bob's silo row has username "<bob>"
    And bob's silo row has domain "<domain>"
    And bob's silo row has ctype "text/plain"
    And bob's silo row has body "Hello Bob 1"
    And bob's silo row has snd_time "0"

  @MSILO-DB-status-unused
  Scenario: The status column of a stored message stays 0
    When alice sends a MESSAGE to bob with body "status?"
    Then the response status is 202
    And bob's silo row has status "0"

  @MSILO-P-expire_time
  Scenario: Without an Expires header a stored message lives expire_time seconds
    When alice sends a MESSAGE to bob with body "lives an hour"
    Then the response status is 202
    And bob's silo row lives 3600 seconds

  @MSILO-B-store-expires-header @MSILO-P-expire_time
  Scenario: A shorter Expires header in the MESSAGE shortens the stored lifetime
    When alice sends a MESSAGE to bob with body "lives 100 s" and an Expires header of 100
    Then the response status is 202
    And bob's silo row lives 100 seconds

  @MSILO-B-store-expires-header
  Scenario: An Expires header longer than expire_time does not lengthen the lifetime
    When alice sends a MESSAGE to bob with body "capped" and an Expires header of 7200
    Then the response status is 202
    And bob's silo row lives 3600 seconds

  @MSILO-B-store-ctype
  Scenario Outline: The content type is stored as type/subtype only (<sent>)
    When alice sends a MESSAGE to bob with body "<body>" and content type "<sent>"
    Then the response status is 202
    And bob's silo row has ctype "<stored>"

    Examples:
      | sent                      | body        | stored           |
      | application/json          | [1,2,3]     | application/json |
      | text/plain; charset=utf-8 | plain utf-8 | text/plain       |

  # The sample script answers 503 when m_store fails (msilo 5.6 §4.1 example).
  @MSILO-B-store-body-required @MSILO-B-store-result
  Scenario: A MESSAGE without a body is not stored
    When alice sends a MESSAGE to bob without a body
    Then the response status is 503
    And the silo table has 0 rows for bob

  @MSILO-B-store-failure-route @MSILO-F-m_store-owner @MSILO-RFC3428-202
  Scenario Outline: A MESSAGE a registered UA rejects with <status> is stored from the failure route
    Given bob's phones answer MESSAGE with <status>
    And bob registers
    When alice sends a MESSAGE to bob with body "are you there?"
    Then bob receives the MESSAGE from alice with body "are you there?"
    And the response status is 202
    And the silo table has 1 row for bob
    And bob's silo row has dst_addr "sip:<bob>@<domain>"

    Examples:
      | status |
      | 480    |
      | 405    |

  # tm fr_timer 5000: the proxy gives up on the silent UA after 5 s (local 408), then stores.
  @MSILO-B-store-failure-route @MSILO-F-m_store-owner
  Scenario: A MESSAGE a registered UA never answers is stored once the transaction times out
    Given the tm parameter "fr_timer" is 5000
    And bob's phones do not answer MESSAGE
    And bob registers
    When alice starts sending a MESSAGE to bob with body "hello?"
    And 6 seconds pass
    Then the MESSAGE is answered with 202
    And the silo table has 1 row for bob

  @MSILO-B-store-fields @MSILO-DB-silo
  Scenario: A body that looks like SQL is stored literally
    When alice sends a MESSAGE to bob with body "'); DROP TABLE silo; --"
    Then the response status is 202
    And bob's silo row has body "'); DROP TABLE silo; --"
    And the silo table is intact

  @MSILO-B-store-fields @MSILO-DB-silo
  Scenario: A user part that looks like SQL is stored literally as the owner
    When alice sends a MESSAGE to the user "<bob>');DELETE/**/FROM/**/silo;--" with body "hostile owner"
    Then the response status is 202
    And the silo table has 1 row for the user "<bob>');DELETE/**/FROM/**/silo;--"
    And the silo table is intact
