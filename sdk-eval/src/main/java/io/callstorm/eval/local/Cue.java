package io.callstorm.eval.local;

import java.util.List;

/**
 * What a phrase in a turn tells a reviewer. Each cue is a list of whole-word phrases, matched in one pass over
 * a turn by {@link CueMatcher}; a rule then weighs the cues with what happened (tool calls, their arguments and
 * results), so no single phrase decides a verdict on its own.
 *
 * <p>The lists were written from the rubric meanings and checked on the development part of the labelled set
 * ({@code labelled/dev.jsonl}); the test part is never used to choose them.
 */
enum Cue {
    // --- agent: holding the caller off instead of answering
    /** A stall or a promise of later help: "let me check and get back to you", "please hold". */
    STALL(List.of(
            "let me check that", "let me check on that", "let me look into that", "let me look into it",
            "one moment", "just a moment", "bear with me", "hold on", "please hold", "hang on",
            "get back to you", "call you back", "follow up with you later", "circle back", "look into it and",
            "check and get back", "i'll have to check", "i will have to check", "i need to check with",
            "give me a moment", "give me a second", "still looking", "still checking", "working on it", "will follow up by email", "will be in touch", "someone will get back", "the team will follow up", "someone will follow up", "follow up with", "be sent to you", "sent through to you", "send you the details", "send you details", "you'll have to wait", "you will have to wait", "hang tight", "a moment", "a sec", "a second", "keep an eye on", "how things develop", "something in motion", "take a little while to", "look into this further", "come back to you", "hold please", "one sec", "just a sec", "it depends", "hard to say", "difficult to say", "a number of things", "could be a number of", "could be a few things", "various factors", "many factors", "a journey")),
    /** The agent says it cannot do or see the thing: "I'm not able to access that right now". */
    CANNOT(List.of(
            "i'm not able to", "i am not able to", "i can't access", "i cannot access", "i'm unable to",
            "i am unable to", "unable to access", "can't pull up", "cannot pull up", "can't see that",
            "can't retrieve", "cannot retrieve", "having trouble", "having some trouble", "having difficulty",
            "system is down", "systems are down", "technical difficulties", "technical issue on our end",
            "not loading", "isn't loading", "try again later", "try back later", "call back later",
            "call back another time", "at the moment i can't", "right now i can't", "not available right now", "can't continue", "cannot continue", "internal error", "run into an error", "ran into an error", "something went wrong")),
    /** Asking the caller to say it again. */
    REPEAT_REQUEST(List.of(
            "could you repeat", "can you repeat", "say that again", "didn't catch", "did not catch",
            "didn't quite catch", "didn't get that", "say it another way", "rephrase", "come again", "pardon",
            "i missed that", "what was that")),
    /** Asking for the account the caller may already have given. */
    ASK_ACCOUNT(List.of(
            "your account number", "the account number", "account number please", "what's the account",
            "what is the account", "which account", "confirm the account", "confirm your account",
            "your account id", "provide your account", "give me your account", "remind me of your account",
            "remind me the account", "need your account", "need the account", "may i have your account",
            "can i have your account", "could i have your account", "can i get your account",
            "could i get your account", "account number again", "what account")),
    /** Another way forward offered with a hold: "in the meantime, try a shorter date range". */
    ALTERNATIVE(List.of(
            "in the meantime", "meanwhile", "what i can do", "what i can do is", "as a workaround", "workaround",
            "for now you can", "you can still", "one thing you can try", "but i can", "but here's what",
            "instead i can", "i can instead")),
    /** The agent says there is nothing open or wrong, to be checked against the ticket lookup. */
    NOTHING_OPEN(List.of(
            "no known issue", "no known issues", "no open tickets", "no open ticket", "nothing open", "no tickets open",
            "no incidents", "no incident", "all normal", "everything looks normal", "everything is normal",
            "no outage", "nothing reported", "nothing has been reported", "no reported issues", "all systems normal",
            "no problems on our end", "no issues on our end", "no issues on our side")),
    /** Sending the caller elsewhere instead of helping: "check our help center", "email billing". */
    DEFLECT(List.of(
            "visit our website", "check our website", "on our website", "check the website", "help center",
            "help centre", "knowledge base", "faq", "community forum", "send an email", "send us an email",
            "contact your bank", "contact your administrator", "contact your admin",
            "submit a request online", "fill out the form", "online form", "self service portal",
            "self-service", "read the documentation", "check the documentation", "see the docs", "your card issuer", "card company", "asking your bank", "ask your bank", "check with your bank", "check with your card", "through the portal", "via the portal", "the web form", "the form at", "email us at", "email billing at", "send an email to", "with your bank", "call your bank")),

    // --- agent: rude in substance, whatever the wording
    /** Blaming the caller. */
    BLAME(List.of(
            "you must have", "you should have", "your fault", "your own fault", "you didn't read",
            "you did not read", "if you had", "if you'd", "user error", "you probably", "you clearly",
            "you obviously", "you typed it wrong", "you entered it wrong", "you forgot to", "you failed to",
            "that's on you", "that is on you", "you caused", "you broke", "because you didn't",
            "because you did not", "you should know", "you ought to", "you need to pay more attention",
            "you were supposed to", "read the email", "read the instructions", "it's in the terms", "your own team", "not my fault", "not our fault", "on your end", "on your side", "your mistake", "your error", "you were told", "you keep", "you always", "it's because you", "you misread", "you missed", "you ignored", "you didn't bother", "next time, read", "next time read", "next time you", "in future, please", "in future please", "please read", "clearly stated", "it says right there", "it clearly says", "you agreed to", "you signed up for", "you chose", "you should've", "you messed", "you've only got yourself", "only yourself to blame", "not our responsibility", "you need to learn", "you never sent", "you never replied", "you never read", "you never checked", "you didn't send", "you didn't reply", "you didn't check", "you didn't actually", "your team's doing", "not ours", "somebody on your end", "someone on your end", "before calling", "rather than calling", "you should check", "did this to yourself", "keep hammering", "on the customer's end", "before blaming", "you should have read", "your english is a bit", "your english is hard", "hard to follow your", "you hit pay twice", "you clicked twice", "should have someone", "your size should", "lesson learned", "you're lucky", "basic responsibility", "did you actually read")),
    /** Talking down to the caller. */
    CONDESCEND(List.of(
            "as i'm sure you know", "as i am sure you know", "as anyone", "it's not that hard",
            "it is not that hard", "it's not rocket science", "not rocket science", "it's very simple",
            "it's really simple", "it's pretty simple", "it's quite simple", "simple enough", "even you",
            "let me explain this slowly", "let me say this slowly", "again for you", "like i said",
            "as i said", "as i already said", "as i mentioned", "as i already mentioned", "as i told you",
            "i already told you", "i've already told you", "i just told you", "i already explained",
            "i've already explained", "pay attention", "listen carefully", "try to keep up", "obviously", "clearly you", "basic stuff", "everyone knows", "common sense", "i'll spell it out",
            "for the last time", "how many times", "seriously", "not exactly hidden", "not complicated", "it's right there", "it's all there", "as it says", "as the email says", "once it's pointed out", "as i'm sure you'll", "as i'm sure you", "as you should know", "surely you", "even a child", "anyone can", "any child", "i'm sure even", "let me make this simple", "in plain english", "to put it simply for you", "sweetie", "honey", "sweetheart", "buddy", "pal", "young man", "young lady", "kiddo", "good job", "well done you", "a basic", "basics", "elementary", "it isn't hard", "it is not hard", "not that complicated", "not exactly difficult", "it's not difficult", "it's not complicated", "i'll go slowly", "try to follow", "follow along", "i'll repeat it for you", "did you even", "do you even", "have you even", "did you actually", "do you know how", "explain this slowly", "explain it slowly", "explain slowly", "out slowly", "it again slowly", "again more slowly", "slowly for you", "slowly so", "very simply", "explain this simply", "simplest", "quite straightforward", "really quite simple", "needed a call", "surprised you", "surprised it", "can be tricky", "a grandchild", "your grandchildren", "sound obvious", "sounds obvious", "simply don't", "don't fully understand", "don't really understand", "people like you", "for someone like you", "good job finding", "well done", "ever so well", "don't worry your head", "worry your pretty", "i go slowly", "you understand?", "do you know the one i mean", "very good. now", "is a bit like a", "as i'm sure even", "it's not rocket", "printed right there", "in fairly big letters", "in big letters", "whatever you're using", "people skip", "you do realise", "you do realize", "grown-up", "grown up things", "we call it", "in english", "really listen", "got it now", "go slowly", "let's go slowly", "i assume someone", "already explained", "it's all in the", "you'd be amazed how many", "can't find their own", "let me put this in simple terms", "in simple terms for you", "let's start with the basics", "does that make sense so far")),
    /** Brushing the caller off. */
    DISMISS(List.of(
            "not my problem", "not my job", "not my department", "not our problem", "nothing i can do",
            "nothing we can do", "nothing more i can do", "not much i can do", "can't help you with that",
            "cannot help you with that", "can't help you", "don't know what to tell you", "do not know what to tell you",
            "that's just how it is", "that's how it is", "it is what it is", "deal with it", "take it up with",
            "not something we deal with", "not something i deal with", "not something we handle",
            "we don't handle that", "we do not handle that", "you'll have to figure", "figure it out",
            "whatever you say", "if you say so", "not my concern", "don't care", "tough luck",
            "too bad", "that's all i can say", "that's all i can tell you", "moving on", "next question", "i'm going to end", "end this call", "we're done here",
            "we are done here", "not going to repeat", "won't repeat", "not repeating", "i'm not repeating", "i won't say it again", "like everyone else", "can't make the system", "best people to ask", "your card issuer", "give it a few days", "no can do", "not going to happen", "isn't going to happen", "policy is policy", "rules are rules", "i don't make the rules", "end of story", "end of discussion", "not my call", "above my pay grade", "what do you want me to do", "what do you expect", "what did you expect", "if that's all", "that's it then", "take it or leave it", "not interested", "i can't be bothered", "not worth", "who cares", "so be it", "live with it", "your problem", "your issue, not", "it's not on us", "try not to stress", "sort itself out", "sort themselves out", "sorts itself out", "they can deal with it", "not really a fault", "isn't really a fault", "not really my area", "aren't my area", "isn't my area", "not my area", "not mine", "not going to get into", "nothing further to review", "anything further to review", "when you're absolutely sure", "in hindsight", "let it settle", "even themselves out", "even itself out", "really my area", "read the pdf", "i don't go through", "i'm not a switchboard", "i'll decide if", "look harder", "i'm not walking anyone", "people could look there")),
    /** Doing what the caller asked, but grudgingly: "fine, if you insist". Impolite, yet the caller is helped. */
    GRUDGING(List.of(
            "ugh", "alright, alright", "alright alright", "fine, if you", "fine if you", "fine, i'll", "fine i'll", "if you insist", "if you really want", "if you really need", "happy now", "fine, though", "fine though", "no idea what they'll do", "they'll tell you the same", "they'll most likely tell you the same", "tell you the same thing", "if i must", "yes, yes", "yes yes", "supposed to handle", "not really meant to be doing", "doesn't matter")),
    /** Sarcasm. */
    SARCASM(List.of(
            "oh great", "oh wonderful", "oh fantastic", "wow", "good for you", "good luck with that",
            "nice try", "sure you did", "right, because", "yeah right", "shocking", "what a surprise",
            "surprise surprise", "big surprise", "thanks for nothing", "brilliant", "genius", "let me guess", "impressive", "how surprising", "shocker", "must be nice", "however did you", "what a shame", "oh, a whole", "a whole two", "bless you", "good grief", "what a shock", "who would have thought", "who would've thought", "imagine that", "of course it did", "lucky you", "how nice", "bravo", "well, well", "clearly a genius", "nice one", "real smooth", "what a mystery", "great job", "fantastic job", "because that always works", "how glamorous", "how thrilling", "how exciting", "how fascinating", "how lovely for you", "what a tragedy", "what a treat", "what a pity", "you must be exhausted", "the villain", "a whole", "shouting won't", "but fine", "oh wow", "truly the most", "real detective work", "i'd never have thought", "such a hardship", "highlight of", "clearly been", "ah yes, the", "the mysterious", "because talking to", "most thrilling", "fascinating stuff", "riveting", "but who's counting", "who's counting", "sigh", "hah", "ha ha", "throwback", "quite the achievement", "quite an achievement", "personal best", "money well spent", "judging by the mood", "groundbreaking", "however did you cope", "how did you cope")),
    /** Telling the caller how to feel or behave. */
    SCOLD(List.of(
            "calm down", "relax", "stop interrupting", "stop yelling", "lower your voice", "no need to shout",
            "no need to get upset", "no need to be rude", "watch your tone", "watch your language",
            "be patient", "you need to be patient", "hold your horses", "chill", "stop complaining",
            "please stop", "let me finish", "slow down", "one thing at a time", "write that down", "hurry up", "stop wasting", "you're wasting my time", "don't raise your voice", "don't take that tone", "i won't tolerate", "i will not tolerate", "mind your", "enough of", "that's enough", "are you done", "deep breath", "don't i", "are we done", "shouting won't", "just answer", "wasting time", "take that tone", "tell me quickly", "make it quick", "quickly please", "keep it short", "i haven't got all day", "i have other callers", "other customers waiting", "i don't have all day", "get to the point", "i don't need the saga", "let me stop you there", "what do you actually want", "can you get to the point", "this time really listen", "have you tried a bit of patience")),

    // --- agent: claims about actions, checked against the tool calls
    /** The agent says a ticket exists now. */
    TICKET_CLAIM(List.of(
            "opened a ticket", "created a ticket", "filed a ticket", "logged a ticket", "raised a ticket",
            "submitted a ticket", "opened ticket", "created ticket", "filed ticket", "logged ticket",
            "ticket has been", "ticket is open", "ticket's open", "ticket number is", "your ticket number",
            "your ticket id", "reference number is", "your reference number", "case number is",
            "opened a case", "created a case", "ticket created", "ticket filed", "ticket opened", "ticket logged", "ticket raised", "new ticket is",
            "case has been", "it's logged", "it's filed", "ticket is in", "ticket's in", "ticket is logged", "ticket is filed", "ticket is raised", "ticket is created", "ticket is submitted", "request is in", "logged it", "filed it", "raised it")),
    /**
     * What an agent says to cover a tool's latency ("I'm looking that up now"): neither an answer nor a hold on its
     * own, and not a repeat when it comes before every lookup.
     */
    FILLER(List.of(
            "looking that up", "looking it up", "look that up", "pulling that up", "pulling it up", "pull that up",
            "checking that now", "checking now", "bringing that up", "bringing up your", "one sec while i",
            "just pulling", "just checking", "let me pull", "let me bring")),
    /** The agent says the caller is being, or has been, handed to a person. */
    TRANSFER_CLAIM(List.of(
            "transferring you", "i've transferred", "i have transferred", "transferred you",
            "connecting you", "i'm connecting", "i am connecting", "putting you through",
            "put you through now", "i've put you through", "you'll be connected", "you will be connected",
            "you're being connected", "you are being connected", "you're now in the queue", "you are in the queue",
            "you're in the queue", "you're next in line", "a specialist will join", "an agent will join",
            "someone will pick up", "will be with you shortly", "will be right with you", "handing you over",
            "hand you over", "i've escalated", "i have escalated", "escalated this", "escalated your",
            "passing you to", "i'm passing you", "you're being transferred", "you are being transferred",
            "placing you in the queue", "i've placed you", "i have placed you", "i've added you to the queue", "you're transferred", "you are transferred", "you're through to", "you are through to", "be connected", "connected soon", "pick up in", "picks up in", "you're on your way to", "been transferred", "successfully transferred", "will be joining", "with you momentarily")),

    /** Steering the caller off what they asked for: a retention pitch to someone closing, an upsell. */
    PUSH_OFF(List.of(
            "if you stay", "before you go", "before anything else", "miss out", "reconsider", "change your mind",
            "changed their mind", "special offer", "offer of", "months free", "month free", "instead of closing",
            "are you sure you want", "why not try", "have you considered", "upgrade to", "i'd recommend upgrading",
            "most people who", "save you the trouble", "before we go down that road", "have you had a chance to explore", "new features", "worthwhile", "sort this right here", "handle pretty much anything", "we can sort this", "i can help you right here", "no need for a specialist", "no need to transfer", "no need for a transfer", "full picture before", "huge disruption", "come back after", "specialists are very stretched", "specialists are busy")),

    // --- caller
    /** The caller asks for detail, which earns a longer reply. */
    DETAIL_REQUEST(List.of(
            "step by step", "step-by-step", "walk me through", "in detail", "detailed", "explain",
            "all the steps", "the steps", "every step", "full details", "all the details", "break it down",
            "read me", "read it out", "read that out", "read them", "spell", "list all", "list the",
            "tell me everything", "exact", "exactly", "full number", "whole number", "the complete",
            "give me the details", "more detail", "what are the steps", "how do i", "how exactly")),
    /** The caller leaves content: thanks, that's all. */
    SATISFIED(List.of(
            "that's all i needed", "that's everything", "that's all", "that is all", "that helps",
            "that helped", "that's helpful", "that's great", "perfect", "great, thanks", "great thanks",
            "thanks for your help", "thank you for your help", "thanks for the help", "thank you so much",
            "thanks so much", "you've been helpful", "you've been a great help", "appreciate it",
            "appreciate your help", "that solves it", "that fixed it", "it works", "it's working",
            "problem solved", "all sorted", "sorted, thanks", "good to know", "makes sense", "got it, thanks",
            "got it thanks", "awesome", "wonderful", "brilliant, thanks", "cheers", "amazing", "already sorted", "sorted", "great, bye", "good, bye", "lovely")),
    /** The caller leaves without what they came for. */
    UNSERVED(List.of(
            "forget it", "never mind", "nevermind", "this is useless", "this is ridiculous", "waste of time",
            "wasting my time", "i give up", "i'll call back", "i will call back", "i'll try later",
            "i'll try again later", "not helpful", "no help", "you're not helping", "you are not helping",
            "you didn't answer", "you haven't answered", "still don't know", "still haven't", "still no",
            "i'm hanging up", "hanging up", "goodbye then", "unbelievable", "i'll go elsewhere",
            "cancel my account", "speak to someone else", "this is pointless", "pointless", "useless",
            "didn't help", "that doesn't help", "that does not help", "that's not what i asked",
            "that is not what i asked", "not what i asked", "i already told you", "i already gave you",
            "i just gave you")),
    /** The caller asks for a person. */
    WANTS_HUMAN(List.of(
            "speak to a human", "talk to a human", "real person", "a person", "a human", "representative",
            "a manager", "supervisor", "someone else", "a specialist", "transfer me", "put me through",
            "an agent", "live agent"));

    private final List<String> phrases;

    Cue(List<String> phrases) {
        this.phrases = phrases;
    }

    List<String> phrases() {
        return phrases;
    }

    long bit() {
        return 1L << ordinal();
    }

    boolean in(long mask) {
        return (mask & bit()) != 0;
    }

    /** Cues that make an agent turn impolite, whatever else it says. */
    static final long RUDE = BLAME.bit() | CONDESCEND.bit() | SARCASM.bit() | SCOLD.bit() | GRUDGING.bit();
    /** Cues of a reply that holds the caller off. */
    static final long HOLDING = STALL.bit() | CANNOT.bit() | REPEAT_REQUEST.bit();
}
