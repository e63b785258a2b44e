@msilo-notify
Feature: Telling the sender that the destination is offline
  After m_store keeps a MESSAGE, msilo sends the sender a new MESSAGE saying the callee is offline
  (msilo 5.6 §3.14-3.18, §3.25, §3.31; OpenSER 1.x `registrar`). It goes to the Contact of the
  stored MESSAGE when use_contact is on, else to its From URI, which the server routes like any
  request for a local user. Every scenario declares the values it relies on; they are the ones
  the kamailio-notify profile runs with, other values run on the embedded server only.

  Background:
    Given the server stores offline messages
    And the msilo parameter "check_time" is 1
    And the msilo parameter "expire_time" is 3600

  Rule: Kamailio's from_address, offline_message, content_type_hdr and contact_hdr

    Background:
      Given the msilo parameter "from_address" is "sip:registrar@example.test"
      And the msilo parameter "offline_message" is "*** User $rU is offline!"
      And the msilo parameter "content_type_hdr" is "Content-Type: text/plain\r\n"
      And the msilo parameter "contact_hdr" is "Contact: <sip:registrar@example.test;msilo=yes>\r\n"
      And the msilo parameter "use_contact" is 1

    @MSILO-B-notify-format @MSILO-B-notify-conditions @MSILO-P-from_address @MSILO-P-offline_message @MSILO-P-content_type_hdr @MSILO-P-contact_hdr @MSILO-P-use_contact
    Scenario: The sender of a stored MESSAGE gets one notice at her Contact
      When alice sends a MESSAGE with her Contact to bob with body "are you there?"
      Then the response status is 202
      And alice receives the offline notification
      And the notification is sent to alice's contact
      And the notification comes from "sip:registrar@example.test"
      And the notification is addressed to alice
      And the notification has a Call-ID of its own
      And the notification has the body "*** User <bob> is offline!"
      And the notification has a Content-Type header of "text/plain"
      And the notification has a Contact header of "<sip:registrar@example.test;msilo=yes>"
      And alice receives no MESSAGE within 1000 ms

    # No Contact to use: the notice goes to alice's From URI, i.e. to wherever alice is registered.
    @MSILO-P-use_contact @MSILO-B-notify-format
    Scenario: Without a Contact in the MESSAGE the notice goes to the sender's address of record
      Given alice's desk phone registers
      When alice sends a MESSAGE to bob with body "no contact here"
      Then the response status is 202
      And alice's desk phone receives the offline notification
      And the notification is addressed to alice
      And the notification has the body "*** User <bob> is offline!"

    # A tel: URI is no SIP address the server could send the notice to.
    @MSILO-P-use_contact
    Scenario: A Contact that is not a SIP URI is not used for the notice
      Given alice's desk phone registers
      When alice sends a MESSAGE with the Contact "<tel:+15550100>" to bob with body "call me"
      Then the response status is 202
      And alice's desk phone receives the offline notification

    # use_contact 0 is not the kamailio-notify profile's value: embedded server only.
    @MSILO-P-use_contact
    Scenario: With use_contact 0 the notice goes to the From URI even when the MESSAGE has a Contact
      Given the msilo parameter "use_contact" is 0
      And alice's desk phone registers
      When alice sends a MESSAGE with her Contact to bob with body "desk, not mobile"
      Then the response status is 202
      And alice's desk phone receives the offline notification
      And alice receives no MESSAGE within 1000 ms

    @MSILO-B-notify-conditions
    Scenario: A MESSAGE stored from the failure route is notified too
      Given bob's phones answer MESSAGE with 480
      And bob registers
      When alice sends a MESSAGE with her Contact to bob with body "are you busy?"
      Then bob receives the MESSAGE from alice with body "are you busy?"
      And the response status is 202
      And alice receives the offline notification
      And the notification has the body "*** User <bob> is offline!"

    # The sample script answers 503 when m_store fails (msilo 5.6 §4.1 example): nothing stored,
    # nothing to tell.
    @MSILO-B-notify-conditions
    Scenario: A MESSAGE that is not stored brings no notice
      When alice sends a MESSAGE with her Contact to bob without a body
      Then the response status is 503
      And alice receives no MESSAGE within 1500 ms

    @MSILO-P-from_address @MSILO-B-notify-conditions
    Scenario: Without from_address no notice is sent
      Given the msilo parameter "from_address" is ""
      When alice sends a MESSAGE with her Contact to bob with body "silently stored"
      Then the response status is 202
      And the silo table has 1 row for bob
      And alice receives no MESSAGE within 1500 ms

    @MSILO-P-offline_message @MSILO-B-notify-conditions
    Scenario: Without offline_message no notice is sent
      Given the msilo parameter "offline_message" is ""
      When alice sends a MESSAGE with her Contact to bob with body "silently stored"
      Then the response status is 202
      And the silo table has 1 row for bob
      And alice receives no MESSAGE within 1500 ms

    @MSILO-P-from_address
    Scenario: from_address may name the callee through a pseudo-variable
      Given the msilo parameter "from_address" is "sip:$rU@example.test"
      When alice sends a MESSAGE with her Contact to bob with body "who is offline?"
      Then the response status is 202
      And alice receives the offline notification
      And the notification comes from "sip:<bob>@<domain>"

    # The msilo 5.6 §3.17/§3.18 examples: an HTML notice with its own Content-Type line.
    @MSILO-P-offline_message @MSILO-P-content_type_hdr
    Scenario: offline_message and content_type_hdr are sent as configured
      Given the msilo parameter "offline_message" is "<em>I am offline!</em>"
      And the msilo parameter "content_type_hdr" is "Content-Type: text/html\r\n"
      When alice sends a MESSAGE with her Contact to bob with body "html please"
      Then the response status is 202
      And alice receives the offline notification
      And the notification has the body "<em>I am offline!</em>"
      And the notification has a Content-Type header of "text/html"

    @MSILO-P-contact_hdr
    Scenario: Without contact_hdr the notice has no Contact
      Given the msilo parameter "contact_hdr" is ""
      When alice sends a MESSAGE with her Contact to bob with body "no contact back"
      Then the response status is 202
      And alice receives the offline notification
      And the notification has no Contact header

    # Neither server has script flags to set by hand: the routing sets skip_notification_flag's
    # flag before m_store when the MESSAGE carries the header siplab_routing names (on Kamailio,
    # setflag() under is_present_hf() in kamailio.cfg's WITH_MSILO_NOTIFY block).
    @MSILO-P-skip_notification_flag @MSILO-B-notify-conditions
    Scenario: A MESSAGE stored with the skip flag set brings no notice
      Given the msilo parameter "skip_notification_flag" is 18
      And the siplab_routing parameter "skip_notification_header" is "X-Siplab-Skip-Notification"
      When alice sends a MESSAGE with her Contact and a "X-Siplab-Skip-Notification" header to bob with body "quietly"
      Then the response status is 202
      And the silo table has 1 row for bob
      And alice receives no MESSAGE within 1500 ms

    @MSILO-P-skip_notification_flag
    Scenario: The same MESSAGE without the header is notified
      Given the msilo parameter "skip_notification_flag" is 18
      And the siplab_routing parameter "skip_notification_header" is "X-Siplab-Skip-Notification"
      When alice sends a MESSAGE with her Contact to bob with body "loudly"
      Then the response status is 202
      And alice receives the offline notification

    # skip_notification_flag -1 (the default) disables the feature: the flag set by the routing is
    # then just a flag. Not the kamailio-notify profile's value: embedded server only.
    @MSILO-P-skip_notification_flag
    Scenario: With skip_notification_flag -1 the flag does not suppress the notice
      Given the msilo parameter "skip_notification_flag" is -1
      And the siplab_routing parameter "skip_notification_header" is "X-Siplab-Skip-Notification"
      When alice sends a MESSAGE with her Contact and a "X-Siplab-Skip-Notification" header to bob with body "flag ignored"
      Then the response status is 202
      And alice receives the offline notification

    # alice is not registered and sent no Contact: her notice cannot be delivered. Stored, it would
    # be notified in turn to from_address, and so on (catalog MSILO-B-notify-loop); the server must
    # not store what it generated itself.
    @MSILO-B-notify-loop
    Scenario: A notice the sender cannot take is not stored and starts no loop
      When alice sends a MESSAGE to bob with body "nobody listens"
      Then the response status is 202
      When 2 seconds pass
      Then the silo table has 1 row for bob
      And the silo table has 0 rows for alice
      And the silo table has 0 rows for the user "registrar"

    # Kamailio 5.6's m_store has no guard of its own (catalog MSILO-B-notify-loop): the routing keeps
    # MESSAGEs for from_address out of the silo, as the catalog asks of a conformant script.
    @MSILO-B-notify-loop
    Scenario: A MESSAGE for from_address is not stored
      When alice sends a MESSAGE with her Contact to the user "registrar" with body "hello registrar"
      Then the response status is 480
      And the silo table has 0 rows for the user "registrar"
      And alice receives no MESSAGE within 1000 ms

  # OpenSER 1.x names the notice address `registrar`; the notice text is fixed there. Kamailio 5.6
  # has no such parameter (renamed from_address, MSILO-B-notify-format): not applicable on it.
  Rule: OpenSER's registrar

    Background:
      Given the msilo parameter "registrar" is "sip:registrar@example.test"
      And the msilo parameter "use_contact" is 1

    # The fixed text and headers are OpenSER 1.x msilo.c's; its doc only says the address is used
    # "to inform users that destination of their message is not online and the message will be
    # delivered next time when that user goes online".
    @MSILO-P-registrar @MSILO-B-notify-format-openser
    Scenario: The registrar address sends a fixed notice naming the original To URI
      When alice sends a MESSAGE with her Contact to bob with body "hello OpenSER"
      Then the response status is 202
      And alice receives the offline notification
      And the notification is sent to alice's contact
      And the notification comes from "sip:registrar@example.test"
      And the notification is addressed to alice
      And the notification has the body "User [sip:<bob>@<domain>] is offline. The message will be delivered when user goes online."
      And the notification has a Content-Type header of "text/plain"
      And the notification has a Contact header of "<sip:registrar@example.test>;msilo=yes"
      And alice receives no MESSAGE within 1000 ms

    @MSILO-B-notify-format-openser @MSILO-P-use_contact
    Scenario: Without a Contact the fixed notice goes to the sender's address of record
      Given alice's desk phone registers
      When alice sends a MESSAGE to bob with body "find me at my desk"
      Then the response status is 202
      And alice's desk phone receives the offline notification
      And the notification comes from "sip:registrar@example.test"

    # OpenSER 1.x doc: "All requests intended for this SIP address will not be stored for lately
    # delivery"; m_store fails and the sample script answers 503.
    @MSILO-P-registrar @MSILO-B-notify-loop
    Scenario: A MESSAGE for the registrar address is not stored
      When alice sends a MESSAGE with her Contact to the user "registrar" with body "hello registrar"
      Then the response status is 503
      And the silo table has 0 rows for the user "registrar"
      And alice receives no MESSAGE within 1000 ms

    # OpenSER 1.x msilo.c refuses messages from the registrar address too, so a notice that comes
    # back can never be stored.
    @MSILO-P-registrar @MSILO-B-notify-loop
    Scenario: A MESSAGE from the registrar address is not stored
      When a phone of "sip:registrar@example.test" sends a MESSAGE to bob with body "it is me"
      Then the response status is 503
      And the silo table has 0 rows for bob
