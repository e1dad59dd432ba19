"""CreateImportJob, GetImportJob and ListImportJobs through boto3 (docs/imports.md): files under
--imports-dir named by their S3 URL, imported into the suppression list or the contact list at once.
"""
from __future__ import annotations

import json

import pytest

from support import make_client, refused


def suppression_job(ses, url, action="PUT", data_format="CSV"):
    job_id = ses.create_import_job(ImportDestination={"SuppressionListDestination": {"SuppressionListImportAction": action}},
                                   ImportDataSource={"S3Url": url, "DataFormat": data_format})["JobId"]
    return ses.get_import_job(JobId=job_id)


def listed(ses):
    return {s["EmailAddress"]: s["Reason"] for s in ses.list_suppressed_destinations()["SuppressedDestinationSummaries"]}


def test_suppression_list_imports(start_server, tmp_path):
    folder = tmp_path / "imports"
    (folder / "bucket" / "lists").mkdir(parents=True)
    (folder / "bucket" / "lists" / "bounces.csv").write_text("a@example.com,BOUNCE\r\nb@example.com, complaint\n\nnot-an-address,BOUNCE\n")
    (folder / "bucket" / "more.json").write_text(json.dumps({"emailAddress": "c@example.com", "reason": "BOUNCE"}) + "\n")
    (folder / "bucket" / "remove.csv").write_text("a@example.com\n")
    server = start_server(["--port", "0", "--imports-dir", str(folder)])
    ses = make_client(server.url)

    job = suppression_job(ses, "s3://bucket/lists/bounces.csv")
    assert job["JobStatus"] == "COMPLETED" and (job["ProcessedRecordsCount"], job["FailedRecordsCount"]) == (2, 1)
    assert "not-an-address" in job["FailureInfo"]["ErrorMessage"]
    assert job["ImportDataSource"] == {"S3Url": "s3://bucket/lists/bounces.csv", "DataFormat": "CSV"}
    assert "CreatedTimestamp" in job and "CompletedTimestamp" in job
    assert listed(ses) == {"a@example.com": "BOUNCE", "b@example.com": "COMPLAINT"}
    assert suppression_job(ses, "s3://bucket/more.json", data_format="JSON")["ProcessedRecordsCount"] == 1
    assert suppression_job(ses, "s3://bucket/remove.csv", action="DELETE")["JobStatus"] == "COMPLETED"
    assert listed(ses) == {"b@example.com": "COMPLAINT", "c@example.com": "BOUNCE"}

    missing = suppression_job(ses, "s3://bucket/none.csv")
    assert missing["JobStatus"] == "FAILED" and "Cannot read s3://bucket/none.csv" in missing["FailureInfo"]["ErrorMessage"]
    for url in ["s3://bucket/../secret", "https://bucket/x", "s3://bucket", "s3://bucket//x"]:
        code, message = refused(lambda: suppression_job(ses, url))
        assert code == "BadRequestException" and "Invalid S3Url" in message, url
    jobs = ses.list_import_jobs()["ImportJobs"]
    assert len(jobs) == 4 and jobs[0]["JobStatus"] == "FAILED"
    assert ses.list_import_jobs(ImportDestinationType="CONTACT_LIST")["ImportJobs"] == []
    page = ses.list_import_jobs(PageSize=3)
    assert len(page["ImportJobs"]) == 3 and len(ses.list_import_jobs(PageSize=3, NextToken=page["NextToken"])["ImportJobs"]) == 1
    assert refused(lambda: ses.get_import_job(JobId="nope"))[0] == "NotFoundException"


def test_contact_list_imports(start_server, tmp_path):
    folder = tmp_path / "imports"
    (folder / "b").mkdir(parents=True)
    (folder / "b" / "contacts.json").write_text("\n".join(json.dumps(r) for r in [
        {"emailAddress": "ann@example.com", "attributesData": "{\"n\":1}",
         "topicPreferences": [{"topicName": "news", "subscriptionStatus": "OPT_OUT"}]},
        {"emailAddress": "bob@example.com", "unsubscribeAll": True}]) + "\n")
    (folder / "b" / "contacts.csv").write_text("cy@example.com,false,hello\n")
    server = start_server(["--port", "0", "--imports-dir", str(folder)])
    ses = make_client(server.url)
    ses.create_contact_list(ContactListName="customers",
                            Topics=[{"TopicName": "news", "DisplayName": "News", "DefaultSubscriptionStatus": "OPT_IN"}])

    def job(url, action="PUT", fmt="JSON", list_name="customers"):
        return ses.create_import_job(
            ImportDestination={"ContactListDestination": {"ContactListName": list_name, "ContactListImportAction": action}},
            ImportDataSource={"S3Url": url, "DataFormat": fmt})["JobId"]

    assert ses.get_import_job(JobId=job("s3://b/contacts.json"))["ProcessedRecordsCount"] == 2
    job("s3://b/contacts.csv", fmt="CSV")
    ann = ses.get_contact(ContactListName="customers", EmailAddress="ann@example.com")
    assert ann["TopicPreferences"] == [{"TopicName": "news", "SubscriptionStatus": "OPT_OUT"}] and ann["AttributesData"] == '{"n":1}'
    assert ses.get_contact(ContactListName="customers", EmailAddress="bob@example.com")["UnsubscribeAll"] is True
    assert ses.get_contact(ContactListName="customers", EmailAddress="cy@example.com")["AttributesData"] == "hello"
    job("s3://b/contacts.csv", action="DELETE", fmt="CSV")
    assert [c["EmailAddress"] for c in ses.list_contacts(ContactListName="customers")["Contacts"]] == [
        "ann@example.com", "bob@example.com"]
    assert refused(lambda: job("s3://b/contacts.csv", list_name="none")) == ("BadRequestException", "Contact list none does not exist.")
    assert len(ses.list_import_jobs(ImportDestinationType="CONTACT_LIST")["ImportJobs"]) == 3
    assert refused(lambda: ses.create_import_job(
        ImportDestination={"SuppressionListDestination": {"SuppressionListImportAction": "PUT"},
                           "ContactListDestination": {"ContactListName": "customers", "ContactListImportAction": "PUT"}},
        ImportDataSource={"S3Url": "s3://b/x", "DataFormat": "CSV"}))[0] == "BadRequestException"


def test_without_an_imports_folder_a_job_fails_saying_so(start_server):
    ses = make_client(start_server(["--port", "0"]).url)
    job = suppression_job(ses, "s3://bucket/x.csv")
    assert job["JobStatus"] == "FAILED" and "--imports-dir" in job["FailureInfo"]["ErrorMessage"]
