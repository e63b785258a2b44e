Feature: How many messages one user's inbox holds
  max_messages (msilo 5.6 §3.28): "Maximum number of stored message for an AoR. Value 0 equals to
  no limit." When the inbox is full m_store fails, and the sample script answers a failed m_store
  with 503 Service Unavailable (§6.1). Scenarios with a limit run on the embedded server and on the
  kamailio-dump profile, which runs with max_messages 2.

  Background:
    Given the server stores offline messages
    And the msilo parameter "check_time" is 1
    And the msilo parameter "expire_time" is 3600

  @MSILO-P-max_messages @MSILO-B-store-max-messages @MSILO-B-store-result
  Scenario: With max_messages 2 the third MESSAGE for the same user is refused with 503
    Given the msilo parameter "max_messages" is 2
    When alice sends a MESSAGE to bob with body "one"
    Then the response status is 202
    When alice sends a MESSAGE to bob with body "two"
    Then the response status is 202
    When alice sends a MESSAGE to bob with body "three"
    Then the response status is 503
    And bob's silo rows hold these bodies, oldest first:
      | one |
      | two |

  @MSILO-P-max_messages
  Scenario: The limit is per user: another user's inbox still takes messages
    Given the msilo parameter "max_messages" is 2
    And alice sends a MESSAGE to bob with body "one"
    And alice sends a MESSAGE to bob with body "two"
    When alice sends a MESSAGE to carol with body "for carol"
    Then the response status is 202
    And the silo table has 2 rows for bob
    And the silo table has 1 row for carol

  # The limit counts the rows in the table: once delivered messages are deleted there is room again.
  @MSILO-P-max_messages
  Scenario: Delivered and deleted messages make room for new ones
    Given the msilo parameter "max_messages" is 2
    And the msilo parameter "add_date" is 1
    And alice sends a MESSAGE to bob with body "one"
    And alice sends a MESSAGE to bob with body "two"
    When bob registers
    Then bob receives 2 MESSAGEs from alice
    When 3 seconds pass
    And bob unregisters
    And alice sends a MESSAGE to bob with body "three"
    Then the response status is 202
    And bob's silo rows hold these bodies, oldest first:
      | three |

  # "Maximum number of stored message for an AoR": a reminder waiting for its time is stored too.
  @MSILO-P-max_messages
  Scenario: A pending reminder counts towards the limit
    Given the msilo parameter "max_messages" is 2
    And the msilo parameter "reminder" is "sip:reminder@example.test"
    And the msilo parameter "send_time" is 2
    And the msilo parameter "snd_time_avp" is "$avp(snd_time)"
    And the siplab_routing parameter "snd_time_header" is "X-Reminder-Time"
    And alice sends bob a reminder due in 3600 seconds with body "later"
    And alice sends a MESSAGE to bob with body "now"
    When alice sends a MESSAGE to bob with body "one too many"
    Then the response status is 503
    And the silo table has 2 rows for bob

  @MSILO-B-store-max-messages @MSILO-P-max_messages
  Scenario: A MESSAGE refused for the limit sends no offline notification
    Given the msilo parameter "max_messages" is 2
    And the msilo parameter "from_address" is "sip:registrar@example.test"
    And the msilo parameter "offline_message" is "*** User $rU is offline!"
    And the msilo parameter "content_type_hdr" is "Content-Type: text/plain\r\n"
    And the msilo parameter "use_contact" is 0
    And alice registers
    And alice sends a MESSAGE to bob with body "one"
    And alice receives the offline notification
    And alice sends a MESSAGE to bob with body "two"
    And alice receives the offline notification
    When alice sends a MESSAGE to bob with body "three"
    Then the response status is 503
    And alice receives no MESSAGE within 1500 ms

  @MSILO-P-max_messages
  Scenario: With max_messages 0 there is no limit
    Given the msilo parameter "max_messages" is 0
    And alice sends a MESSAGE to bob with body "one"
    And alice sends a MESSAGE to bob with body "two"
    When alice sends a MESSAGE to bob with body "three"
    Then the response status is 202
    And the silo table has 3 rows for bob
