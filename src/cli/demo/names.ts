/**
 * Sample data for `latchkey demo`: common Dutch and English first names and surnames (Dutch ones
 * with their lower-case prefixes such as "van der"), departments and their job titles.
 */
export const dutchGivenNames = [
  'Daan', 'Sem', 'Lucas', 'Levi', 'Finn', 'Milan', 'Bram', 'Thijs', 'Ruben', 'Jesse', 'Lars', 'Stijn', 'Sander', 'Joost',
  'Pieter', 'Willem', 'Jeroen', 'Maarten', 'Sjoerd', 'Gert-Jan', 'Koen', 'Niels', 'Wouter', 'Tim', 'Jan', 'Hendrik',
  'Emma', 'Julia', 'Sophie', 'Lotte', 'Anouk', 'Fleur', 'Sanne', 'Eva', 'Lisa', 'Femke', 'Iris', 'Marieke', 'Anne',
  'Noor', 'Lieke', 'Floor', 'Ilse', 'Esther', 'Ingrid', 'Mirjam', 'Karin', 'Annemarie', 'Chloë', 'Zoë', 'Joëlle',
  'Mees', 'Noah', 'Tess', 'Saar', 'Roos', 'Yara', 'Fenna', 'Dewi', 'Mohamed', 'Fatima', 'Yasmina', 'Emre', 'Özlem',
] as const;

export const dutchSurnames = [
  'de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit', 'Meijer', 'de Boer',
  'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer', 'de Wit', 'Dijkstra',
  'Smits', 'de Graaf', 'van der Meer', 'van der Linden', 'Kok', 'Jacobs', 'de Haan', 'Vermeulen', 'van den Heuvel',
  'van der Veen', 'van den Broek', 'de Bruijn', 'de Bruin', 'van der Heijden', 'Schouten', 'van Beek', 'Willems',
  'van Vliet', 'van de Ven', 'Hoekstra', 'Maas', 'Verhoeven', 'Koster', 'van Dam', 'van der Wal', 'Prins', 'Blom',
  'Huisman', 'Peeters', 'de Lange', 'Kuipers', 'van Wijk', 'Postma', 'Kramer', 'van den Bosch', 'Kuiper', 'Veenstra',
  'Groen', 'Zijlstra', "in 't Veld", 'Yilmaz', 'El Amrani', 'Bouzid', 'Wijnands', 'Oosterhuis', 'Timmermans',
] as const;

export const englishGivenNames = [
  'Oliver', 'George', 'Harry', 'Jack', 'Jacob', 'Charlie', 'Thomas', 'James', 'William', 'Daniel', 'Samuel', 'Joseph',
  'Benjamin', 'Matthew', 'Michael', 'David', 'Andrew', 'Christopher', 'Ryan', 'Ethan', 'Nathan', 'Liam', 'Owen', 'Aaron',
  'Olivia', 'Amelia', 'Isla', 'Ava', 'Emily', 'Sophia', 'Grace', 'Lily', 'Chloe', 'Ella', 'Charlotte', 'Jessica',
  'Hannah', 'Sarah', 'Rebecca', 'Laura', 'Rachel', 'Megan', 'Katherine', 'Eleanor', 'Abigail', 'Lucy', 'Priya',
  'Aisha', 'Mei', 'Siobhan', 'Niamh', 'Rhys', 'Dylan', 'Madison', 'Tyler', 'Brandon', 'Ashley', 'Jordan', 'Taylor',
] as const;

export const englishSurnames = [
  'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson', 'Roberts',
  'Robinson', 'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall', 'Lewis', 'Harris', 'Clarke',
  'Patel', 'Jackson', 'Wood', 'Turner', 'Martin', 'Cooper', 'Hill', 'Ward', 'Morris', 'Moore', 'Clark', 'Lee', 'King',
  'Baker', 'Harrison', 'Morgan', 'Allen', 'James', 'Scott', 'Phillips', 'Watson', 'Davis', 'Parker', 'Price', 'Bennett',
  'Young', 'Griffiths', "O'Brien", "O'Connor", 'MacDonald', 'Campbell', 'Kaur', 'Singh', 'Khan', 'Chen', 'Nguyen',
  'Garcia', 'Miller', 'Anderson', 'Murphy', 'Kelly', 'Fitzgerald',
] as const;

export interface Department {
  name: string;
  /** Relative share of the staff. */
  weight: number;
  titles: readonly string[];
}

export const departments: readonly Department[] = [
  { name: 'Sales', weight: 16, titles: ['Account Executive', 'Sales Representative', 'Inside Sales Representative', 'Key Account Manager', 'Business Development Manager', 'Sales Manager'] },
  { name: 'Marketing', weight: 9, titles: ['Marketing Specialist', 'Content Strategist', 'SEO Specialist', 'Brand Manager', 'Product Marketing Manager', 'Marketing Manager'] },
  { name: 'Finance', weight: 8, titles: ['Accountant', 'Financial Analyst', 'Accounts Payable Clerk', 'Payroll Specialist', 'Controller', 'Finance Manager'] },
  { name: 'HR', weight: 5, titles: ['HR Advisor', 'Recruiter', 'HR Business Partner', 'Learning and Development Specialist', 'HR Manager'] },
  { name: 'IT', weight: 9, titles: ['Service Desk Analyst', 'Systems Administrator', 'Network Engineer', 'Cloud Engineer', 'Security Engineer', 'IT Manager'] },
  { name: 'Engineering', weight: 10, titles: ['Software Engineer', 'Senior Software Engineer', 'QA Engineer', 'DevOps Engineer', 'Engineering Manager'] },
  { name: 'Legal', weight: 3, titles: ['Legal Counsel', 'Paralegal', 'Compliance Officer', 'Privacy Officer'] },
  { name: 'Operations', weight: 13, titles: ['Logistics Coordinator', 'Facilities Coordinator', 'Procurement Specialist', 'Office Manager', 'Operations Manager'] },
  { name: 'Research', weight: 9, titles: ['Research Scientist', 'Data Scientist', 'Research Engineer', 'Lab Technician', 'Research Manager'] },
  { name: 'Support', weight: 15, titles: ['Customer Support Agent', 'Technical Support Engineer', 'Customer Success Manager', 'Support Team Lead'] },
  { name: 'Executive', weight: 1, titles: ['Chief Executive Officer', 'Chief Financial Officer', 'Chief Operating Officer', 'Chief Technology Officer', 'Executive Assistant'] },
];
